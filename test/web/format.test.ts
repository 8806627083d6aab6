import { test } from 'node:test';
import assert from 'node:assert/strict';
import { govukDate, govukDateTime } from '../../src/web/format.ts';

test('dates in GOV.UK style: no leading zero, full month name; months alone; anything else unchanged', () => {
  assert.equal(govukDate('2020-10-08'), '8 October 2020');
  assert.equal(govukDate('2026-01-31'), '31 January 2026');
  assert.equal(govukDate('2015-04'), 'April 2015');
  assert.equal(govukDate('2020-13-01'), '2020-13-01');
  assert.equal(govukDate('Not known'), 'Not known');
  assert.equal(govukDate(null), null);
  assert.equal(govukDate(undefined), undefined);
  assert.equal(govukDate(new Date('2026-03-28T23:30:00Z')), '28 March 2026');
  assert.equal(govukDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026', 'UK date in summer time');
});

test('times in GOV.UK style, in UK time: 2:15pm, 9am, midday, midnight', () => {
  assert.equal(govukDateTime('2020-10-08T13:15:00.000Z'), '8 October 2020 at 2:15pm'); // BST
  assert.equal(govukDateTime(new Date('2026-01-05T09:00:00Z')), '5 January 2026 at 9am');
  assert.equal(govukDateTime(new Date('2026-01-05T12:00:00Z')), '5 January 2026 at midday');
  assert.equal(govukDateTime(new Date('2026-01-05T00:00:00Z')), '5 January 2026 at midnight');
  assert.equal(govukDateTime(new Date('2026-01-05T00:05:00Z')), '5 January 2026 at 12:05am');
  assert.equal(govukDateTime('2026-01-05'), '2026-01-05', 'a date alone is not a time');
  assert.equal(govukDateTime('garbage'), 'garbage');
});
