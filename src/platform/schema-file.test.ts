import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssueSentence, parseOrRefuse, readYamlFile } from './schema-file.js';

const Settings = z.strictObject({ leadTime: z.number().min(0), habits: z.strictObject({ atLow: z.number() }).optional() });

describe('firstIssueSentence', () => {
  it('names the field and ends the sentence once', () => {
    const error = Settings.safeParse({ leadTime: -1 }).error!;
    expect(firstIssueSentence(error, 'dealer.yaml')).toBe('dealer.yaml: leadTime: Too small: expected number to be >=0.');
  });

  it('names unknown fields, at the top level and inside', () => {
    expect(firstIssueSentence(Settings.safeParse({ leadTime: 1, lead: 2, time: 3 }).error!, 'file')).toBe('file: top level: unknown fields "lead", "time".');
    expect(firstIssueSentence(Settings.safeParse({ leadTime: 1, habits: { atLow: 1, never: 1 } }).error!, 'file')).toBe('file: habits: unknown field "never".');
  });
});

describe('parseOrRefuse', () => {
  it('returns the parsed data, or throws bad-request with that sentence', () => {
    expect(parseOrRefuse(Settings, { leadTime: 3 }, 'file')).toEqual({ leadTime: 3 });
    expect(() => parseOrRefuse(Settings, { leadTime: 3, x: 1 }, 'file')).toThrow(expect.objectContaining({ code: 'bad-request', message: 'file: top level: unknown field "x".' }));
  });
});

describe('readYamlFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-file-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads YAML and JSON alike', () => {
    expect(readYamlFile(file('a.yaml', 'leadTime: 3\n'), 'scenario')).toEqual({ leadTime: 3 });
    expect(readYamlFile(file('a.json', '{"leadTime": 3}'), 'scenario')).toEqual({ leadTime: 3 });
  });

  it('refuses a missing or broken file with one sentence naming it', () => {
    expect(() => readYamlFile(join(dir, 'missing.yaml'), 'scenario')).toThrow(`Cannot read scenario file ${join(dir, 'missing.yaml')}: ENOENT.`);
    expect(() => readYamlFile(file('broken.yaml', 'a: [unclosed\n'), 'scenario')).toThrow(/^Scenario file .*broken\.yaml is not valid YAML or JSON: /);
  });
});
