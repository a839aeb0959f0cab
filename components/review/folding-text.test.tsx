import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { FoldingText } from "./folding-text";

it("renders untrusted text as text, never as HTML", () => {
  const html = renderToStaticMarkup(<FoldingText text={'<img src=x onerror="alert(1)">'} label="Output" />);
  expect(html).not.toContain("<img");
  expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
});

it("folds long texts behind a details toggle and keeps short ones open", () => {
  expect(renderToStaticMarkup(<FoldingText text="short" label="Input" />)).not.toContain("<details");
  const long = renderToStaticMarkup(<FoldingText text={"x".repeat(1000)} label="Input" />);
  expect(long).toContain("<details");
  expect(long).toContain("Show all input (1,000 characters)");
  expect(renderToStaticMarkup(<FoldingText text={null} label="Input" />)).toContain("No input stored.");
});
