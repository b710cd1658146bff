/**
 * The JUnit XML report: a test suite per stack and a test case per policy, failing on mandatory
 * violations. Advisory violations are listed in the case's system-out; a stack whose program or
 * config failed gets one erroring "program" case.
 */
import type { CheckReport, StackReport } from "./types";

/** Renders the report as JUnit XML. */
export function renderJunit(report: CheckReport): string {
  const suites = report.stacks.map((stack) => suite(stack, report));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const errors = suites.reduce((n, s) => n + s.errors, 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="tachyon check" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(report.ms)}">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    "",
  ].join("\n");
}

function suite(
  stack: StackReport,
  report: CheckReport,
): { xml: string; tests: number; failures: number; errors: number } {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (stack.error !== null) {
    errors = 1;
    const detail = [
      stack.error.message,
      ...stack.error.problems.map((p) => `${p.path}: ${p.message}`),
    ].join("\n");
    cases.push(
      `    <testcase classname="${xml(stack.name)}" name="program" time="${seconds(stack.ms)}">`,
      `      <error message="${xml(firstLine(stack.error.message))}" type="${stack.error.problems.length > 0 ? "config" : "program"}">${xml(detail)}</error>`,
      `    </testcase>`,
    );
  }
  for (const pack of report.packs) {
    for (const policy of pack.policies) {
      const found = stack.violations.filter(
        (v) => v.pack === pack.name && v.policy === policy.name,
      );
      const mandatory = found.filter((v) => v.level === "mandatory");
      const advisory = found.filter((v) => v.level === "advisory");
      const head = `    <testcase classname="${xml(`${stack.name}.${pack.name}`)}" name="${xml(policy.name)}" time="0">`;
      const body: string[] = [];
      if (stack.error !== null) body.push(`      <skipped message="the stack did not run"/>`);
      if (mandatory.length > 0) {
        failures++;
        const text = mandatory.map((v) => `${v.urn}\n${v.message}`).join("\n\n");
        body.push(
          `      <failure message="${xml(`${mandatory.length} mandatory violation${mandatory.length === 1 ? "" : "s"}`)}" type="mandatory">${xml(text)}</failure>`,
        );
      }
      if (advisory.length > 0)
        body.push(
          `      <system-out>${xml(advisory.map((v) => `advisory: ${v.urn}\n${v.message}`).join("\n\n"))}</system-out>`,
        );
      cases.push(
        ...(body.length === 0 ? [head.replace(/>$/, "/>")] : [head, ...body, `    </testcase>`]),
      );
    }
  }
  const tests =
    (stack.error !== null ? 1 : 0) + report.packs.reduce((n, p) => n + p.policies.length, 0);
  const open = `  <testsuite name="${xml(stack.name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${stack.error !== null ? tests - 1 : 0}" time="${seconds(stack.ms)}">`;
  return { xml: [open, ...cases, `  </testsuite>`].join("\n"), tests, failures, errors };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** Escapes text for XML attributes and content (and drops characters XML 1.0 forbids). */
export function xml(text: string): string {
  return (
    text
      // XML 1.0 forbids most control characters; a policy message should never carry one.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}
