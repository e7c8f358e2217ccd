// Writes the generated history as an hledger journal, for timing `hledger roi` on the same work
// as `folio analyze` (bench/run.js). Every amount is written in USD (one commodity for roi's
// valuation; the figures are for timing, not meaning); closes become P directives; a split adds
// the new shares at no cost.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateCloseCsv, generateTransactions } from './generate-transactions.js';

function entry(t) {
  const head = `${t.date} ${t.type}${t.symbol ? ` ${t.symbol}` : ''}\n`;
  const account = t.symbol ? `assets:invest:${t.symbol.replace(/[^A-Za-z0-9]/g, '')}` : '';
  const commodity = t.symbol ? `"${t.symbol}"` : '';
  const fee = t.fee && t.fee !== '0' ? `    expenses:fees  ${t.fee} USD\n` : '';
  switch (t.type) {
    case 'buy':
      return `${head}    ${account}  ${t.quantity} ${commodity} @ ${t.price} USD\n${fee}    assets:cash\n`;
    case 'sell':
      return `${head}    ${account}  -${t.quantity} ${commodity} @ ${t.price} USD\n${fee}    assets:cash\n`;
    case 'split':
      return `${head}    ${account}  0 ${commodity}\n    equity:splits  0 USD\n`;
    case 'deposit':
      return `${head}    assets:cash  ${t.amount} USD\n    equity:deposits\n`;
    case 'withdrawal':
      return `${head}    assets:cash  -${t.amount} USD\n    equity:withdrawals\n`;
    case 'fee':
      return `${head}    expenses:fees  ${t.amount} USD\n    assets:cash\n`;
    default: // dividend, interest
      return `${head}    assets:cash  ${t.amount} USD\n${fee ? fee.replace('expenses:fees', 'expenses:tax') : ''}    income:${t.type}\n`;
  }
}

export async function writeHledgerJournal(path, options) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const chunk of generateCloseCsv(options)) {
    let text = '';
    for (const line of chunk.split('\n')) {
      const [symbol, date, close] = line.split(',');
      if (!close || symbol === 'symbol') continue;
      text += `P ${date} "${symbol}" ${close} USD\n`;
    }
    await write(text);
  }
  let text = '';
  for (const t of generateTransactions(options)) {
    text += `\n${entry(t)}`;
    if (text.length > 65536) {
      await write(text);
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
}
