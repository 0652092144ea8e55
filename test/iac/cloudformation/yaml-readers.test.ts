// The two YAML readers of parse.ts must build the same located tree: the fast one (js-yaml's events) reads
// what it can, the thorough one (`yaml`'s documents) everything else. Compared node by node — kinds, values,
// positions and the string layouts that position JSON inside strings — on every YAML template of the shared
// corpus and on the constructs the fast reader handles itself; the constructs it leaves to the thorough
// reader are listed too.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readYamlThoroughly, type StringSource } from "../../../src/iac/cloudformation/parse.js";
import { readYamlEvents } from "../../../src/iac/cloudformation/yaml-events.js";
import type { LocatedValue } from "../../../src/iac/types.js";
import { CORPUS, FIXTURES } from "./helpers.js";

interface CorpusEntry {
  path: string;
  kind: string;
}

/** The tree with each string's layout next to it, so one `toEqual` compares everything. */
function described(value: LocatedValue | undefined, strings: WeakMap<LocatedValue, StringSource>): unknown {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case "string":
      return { ...value, layout: strings.get(value) };
    case "array":
      return { ...value, items: value.items.map((item) => described(item, strings)) };
    case "object":
      return { ...value, entries: value.entries.map((entry) => ({ ...entry, value: described(entry.value, strings) })) };
    default:
      return value;
  }
}

/** Both readers' trees, or undefined for the fast one when it leaves the text to the thorough one. */
function readBoth(text: string, path = "template.yaml") {
  const fastStrings = new WeakMap<LocatedValue, StringSource>();
  const thoroughStrings = new WeakMap<LocatedValue, StringSource>();
  const fast = readYamlEvents(path, text, fastStrings);
  const thorough = readYamlThoroughly(path, text, thoroughStrings);
  return {
    fast: fast === undefined ? undefined : described(fast, fastStrings),
    thorough: thorough.errors.length > 0 ? thorough.errors : described(thorough.root, thoroughStrings),
  };
}

const yamlTemplates = (JSON.parse(readFileSync(`${CORPUS}index.json`, "utf8")) as CorpusEntry[])
  .filter((entry) => ["cloudformation-yaml", "sam"].includes(entry.kind))
  .map((entry) => ({ path: entry.path, text: readFileSync(CORPUS + entry.path, "utf8") }))
  .filter((template) => !/^\s*\{/.test(template.text));

describe("the fast and the thorough YAML reader", () => {
  it("build the same tree for every YAML template of the corpus the fast reader reads", () => {
    let read = 0;
    const left: string[] = [];
    for (const { path, text } of yamlTemplates) {
      const { fast, thorough } = readBoth(text, path);
      if (fast === undefined) {
        left.push(path);
        continue;
      }
      read++;
      expect(fast, path).toEqual(thorough);
    }
    // Left to the thorough reader: two test inputs with duplicate keys, two with a node tagged `!` used as
    // a key, and the template whose flow mapping closes at its key's indentation (js-yaml refuses it, `yaml`
    // only warns).
    expect({ read, left: left.length }).toEqual({ read: 309, left: 5 });
  });

  it("build the same tree for the CloudFormation test fixtures", () => {
    const files = readdirSync(FIXTURES).filter((name) => /\.ya?ml$/.test(name));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const { fast, thorough } = readBoth(readFileSync(FIXTURES + name, "utf8"), name);
      if (fast !== undefined) expect(fast, name).toEqual(thorough);
    }
  });

  const SAME_TREE: [string, string][] = [
    ["scalars of the core schema", "A: 1\nB: 012345678901\nC: true\nD: False\nE: ~\nF: null\nG: 1.5\nH: 1e3\nI: 0x1F\nJ: .inf\nK: yes\n"],
    ["quoted scalars, exact and escaped", "A: \"plain\"\nB: 'it''s'\nC: \"tab\\there\"\nD: \"multi\n  line\"\n"],
    ["plain scalars over several lines", "A: first\n  second\nB: x\n"],
    ["empty values", "A:\nB: !GetAZs\nC:\n  -\n  - !GetAZs\n  - x\nD:   # comment\nE: 1\n"],
    ["block scalars", "A: |\n  line1\n  line2\nB: >-\n  folded\n  text\nC: |2\n   indented\nD: |  # note > here\n\n  after a blank line\nE: !Sub |\n  ${AWS::Region}\n"],
    ["short-form tags on scalars, sequences and mappings", "A: !Ref Foo\nB: !If\n  - Cond\n  - !GetAtt Role.Arn\n  - !Ref AWS::NoValue\nC: !Sub\n  - '${X}'\n  - X: 1\nD: !Join [':', [a, !Ref B]]\nE: !Transform {Name: x}\n"],
    ["flow collections with comments and line breaks", "A: {a: 1 }\nB: [ x ,\n  y\n  ]\nC: [a, b,  # trailing\n  ]\nD: {}\nE: []\n"],
    ["a single pair in a flow sequence", "A: !Sub ['Some${value}', value: KeyId]\nB: [k: v, [x]]\n"],
    ["quoted and numeric keys", "\"A\": 1\n'B c': 2\n80: http\ntrue: yes\n"],
    ["comments inside and after mappings", "A:\n  B: 1\n  # inner\n# outer\nC: 2\n# end\n"],
    ["sequences of mappings", "Statement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n    Resource: '*'\n  -   Effect: Deny\n      Action: '*'\n"],
    ["Windows line endings", "A: 1\r\nB:\r\n  - x\r\n  - 'y'\r\nC: |\r\n  text\r\n"],
    ["a document start marker and comments before it", "# header\n---\nA: 1\n"],
    ["tags that are not CloudFormation's", "A: !Rain::Module ./m.yaml\nB: !ValueOf [P, Q]\nC: ! 12\nD: !Rain::Embed\nE: !Custom\n  k: v\n"],
  ];

  it.each(SAME_TREE)("read %s alike", (_name, text) => {
    const { fast, thorough } = readBoth(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(thorough);
  });

  const LEFT_TO_THOROUGH: [string, string][] = [
    ["an alias", "A: &x 1\nB: *x\n"],
    ["an anchor", "A: &x 1\n"],
    ["a duplicate key", "A: 1\nA: 2\n"],
    ["a second document", "A: 1\n---\nB: 2\n"],
    ["a directive", "%YAML 1.2\n---\nA: 1\n"],
    ["a standard tag", "A: !!str 123\n"],
    ["a complex key", "? [a, b]\n: 1\n"],
    ["a syntax error", "A: [1, 2\nB: 3\n"],
    ["an empty value inside a flow mapping", "A: {a: , b: 1}\n"],
    ["a flow mapping closed at its key's indentation", "A:\n  B: {\n    c: 1\n  }\n"],
    ["an empty file", "# nothing\n"],
  ];

  it.each(LEFT_TO_THOROUGH)("leave %s to the thorough reader", (_name, text) => {
    expect(readBoth(text).fast).toBeUndefined();
  });
});
