import { expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

it("quotes separators, quotes and line breaks", () => {
  expect(csvCell('he said "no", twice\nthen left')).toBe('"he said ""no"", twice\nthen left"');
  expect(csvCell("plain")).toBe("plain");
  expect(csvCell(" padded")).toBe('" padded"');
});

it("neutralises spreadsheet formulas in text but not numbers", () => {
  expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(csvCell("-1+1")).toBe("'-1+1");
  expect(csvCell(-0.5)).toBe("-0.5");
});

it("writes empty cells for missing values and CRLF rows", () => {
  expect(
    toCsv(
      ["a", "b"],
      [
        [1, null],
        [undefined, true],
      ],
    ),
  ).toBe("a,b\r\n1,\r\n,true\r\n");
});
