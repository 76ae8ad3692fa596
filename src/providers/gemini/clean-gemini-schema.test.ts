import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanGeminiSchema } from './clean-gemini-schema.ts';

const cases: { name: string; input: Record<string, unknown>; expected: Record<string, unknown>; ordering?: boolean }[] = [
  {
    name: 'removes additionalProperties, $schema, title, strict and unknown keywords at every level',
    input: { $schema: 'x', title: 'T', type: 'object', additionalProperties: false, strict: true, properties: { a: { type: 'array', title: 'A', items: { type: 'object', additionalProperties: {}, properties: { b: { type: 'string', examples: ['x'] } } } } } },
    expected: { type: 'object', properties: { a: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } } } },
  },
  {
    name: 'inlines $ref from $defs and definitions (siblings win)',
    input: { type: 'object', properties: { p: { $ref: '#/$defs/P', description: 'the p' }, q: { $ref: '#/definitions/Q' } }, $defs: { P: { type: 'integer', description: 'P' } }, definitions: { Q: { type: 'boolean' } } },
    expected: { type: 'object', properties: { p: { type: 'integer', description: 'the p' }, q: { type: 'boolean' } } },
  },
  {
    name: 'a recursive $ref becomes a plain object at the repeat',
    input: { $ref: '#/$defs/Node', $defs: { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } } },
    expected: { type: 'object', properties: { child: { type: 'object' } } },
  },
  { name: 'type [T, "null"] → T + nullable', input: { type: ['string', 'null'] }, expected: { type: 'string', nullable: true } },
  { name: 'several types → anyOf', input: { type: ['string', 'integer'] }, expected: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
  { name: 'anyOf [T, {type: null}] → T + nullable', input: { anyOf: [{ type: 'number' }, { type: 'null' }], description: 'd' }, expected: { type: 'number', description: 'd', nullable: true } },
  { name: 'oneOf → anyOf', input: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, expected: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
  {
    name: 'allOf is merged (properties and required joined)',
    input: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'string' } }, required: ['b'] }] },
    expected: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a', 'b'] },
  },
  { name: 'const → a one-value enum', input: { type: 'string', const: 'x' }, expected: { type: 'string', enum: ['x'] } },
  { name: 'unsupported formats are dropped, supported ones kept', input: { type: 'object', properties: { u: { type: 'string', format: 'uri' }, d: { type: 'string', format: 'date-time' }, i: { type: 'integer', format: 'int64' } } }, expected: { type: 'object', properties: { u: { type: 'string' }, d: { type: 'string', format: 'date-time' }, i: { type: 'integer', format: 'int64' } } } },
  { name: 'required keeps only declared properties', input: { type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'ghost'] }, expected: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
  { name: 'empty properties are dropped', input: { type: 'object', properties: {} }, expected: { type: 'object' } },
  { name: 'tuple items keep the first schema', input: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] }, expected: { type: 'array', items: { type: 'string' } } },
  { name: 'propertyOrdering for response schemas', input: { type: 'object', properties: { z: { type: 'string' }, a: { type: 'object', properties: { y: { type: 'string' } } } } }, expected: { type: 'object', properties: { z: { type: 'string' }, a: { type: 'object', properties: { y: { type: 'string' } }, propertyOrdering: ['y'] } }, propertyOrdering: ['z', 'a'] }, ordering: true },
];

describe('cleanGeminiSchema', () => {
  for (const { name, input, expected, ordering } of cases) {
    it(name, () => {
      const before = JSON.stringify(input);
      assert.deepEqual(cleanGeminiSchema(input, { param: 'p', propertyOrdering: ordering === true }), expected);
      assert.equal(JSON.stringify(input), before, 'the input is not modified');
    });
  }
});
