/**
 * Writes Annex A lists: one CSV per list, or one .xlsx workbook with a
 * worksheet per list (header row in bold, frozen), written with exceljs.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeCsvFile } from '../format.ts';
import type { AnnexAList, AnnexAResult } from './build.ts';

export function annexAFileStem(list: AnnexAList): string {
  return `annex_a_list_${String(list.definition.number).padStart(2, '0')}_${list.definition.title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/_+$/, '')}`;
}

/** Writes list_NN_<title>.csv for each list; returns the paths written. */
export async function writeAnnexACsv(folder: string, result: AnnexAResult): Promise<string[]> {
  const paths: string[] = [];
  for (const list of result.lists) {
    paths.push(await writeCsvFile(folder, `${annexAFileStem(list)}.csv`, list.definition.columns, list.rows));
  }
  return paths;
}

/** Worksheet names are at most 31 characters and may not contain []:*?/\ */
export function worksheetName(list: AnnexAList): string {
  return `List ${list.definition.number} ${list.definition.title}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

export function annexAWorkbook(result: AnnexAResult): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hearth';
  wb.created = new Date(`${result.inspectionDate}T00:00:00Z`);
  for (const list of result.lists) {
    const ws = wb.addWorksheet(worksheetName(list), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    const header = ws.addRow([...list.definition.columns]);
    header.font = { bold: true };
    for (const row of list.rows) ws.addRow(row);
    list.definition.columns.forEach((name, i) => {
      ws.getColumn(i + 1).width = Math.min(40, Math.max(12, name.length + 2));
    });
  }
  return wb;
}

/** Writes annex_a_<la>_<date>.xlsx into the folder; returns its path. */
export async function writeAnnexAXlsx(folder: string, result: AnnexAResult): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, `annex_a_${result.laCode}_${result.inspectionDate}.xlsx`);
  await annexAWorkbook(result).xlsx.writeFile(path);
  return path;
}
