import { describe, expect, it } from 'vitest';
import { markdownBlocks, tableCells } from './markdown-blocks';

describe('markdown blocks: pipe tables apart from the rest', () => {
  it('finds the action items table between plain markdown', () => {
    const text = ['## Action items', '', '| item | owner | due | done |', '|---|---|:---:|---:|', '| add a check | ana | 2026-03-01 | [ ] |', '| page on call | bo |', '', 'Thanks.'].join('\n');
    expect(markdownBlocks(text)).toEqual([
      { kind: 'markdown', text: '## Action items\n' },
      {
        kind: 'table', header: ['item', 'owner', 'due', 'done'], align: [null, null, 'center', 'right'],
        rows: [['add a check', 'ana', '2026-03-01', '[ ]'], ['page on call', 'bo', '', '']],
      },
      { kind: 'markdown', text: '\nThanks.' },
    ]);
  });

  it('leaves a table inside a fenced block, and pipes without a delimiter line, to markdown', () => {
    const fenced = ['```', '| a | b |', '|---|---|', '```'].join('\n');
    expect(markdownBlocks(fenced)).toEqual([{ kind: 'markdown', text: fenced }]);
    expect(markdownBlocks('| not | a table |\nplain')).toEqual([{ kind: 'markdown', text: '| not | a table |\nplain' }]);
    // A longer fence is closed only by one as long: the ``` inside does not end it.
    const nested = ['````md', '```', '````', '| a |', '|---|'].join('\n');
    expect(markdownBlocks(nested)).toEqual([
      { kind: 'markdown', text: '````md\n```\n````' },
      { kind: 'table', header: ['a'], align: [null], rows: [] },
    ]);
  });

  it('keeps an escaped pipe inside its cell', () => {
    expect(tableCells('| a \\| b | c |')).toEqual(['a | b', 'c']);
  });
});
