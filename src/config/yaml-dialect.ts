/**
 * The YAML dialect config files are read in. LiteLLM reads them with PyYAML (YAML 1.1), so
 * Switchyard does too: `yes`/`no`/`on`/`off` are booleans, `<<` merge keys work, `0755` is
 * octal. Two differences from the `yaml` package's 1.1 schema keep real configs loading the
 * way they do under PyYAML and the way people mean them: a lone `y`/`n` stays a string (as in
 * PyYAML), and dates such as `api_version: 2024-02-01` stay strings instead of becoming
 * timestamps. Repeated keys are allowed (the last one wins, as in PyYAML) and reported as
 * warnings by the parser.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ScalarTag, Tags } from 'yaml';

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/** Options for `parseDocument` that read config files as LiteLLM (PyYAML) does. */
export const CONFIG_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  customTags: toPyyamlTags,
};

function toPyyamlTags(tags: Tags): Tags {
  return tags
    .filter((tag) => typeof tag === 'string' || tag.tag !== TIMESTAMP_TAG)
    .map((tag) => (typeof tag !== 'string' && tag.tag === BOOL_TAG ? withPyyamlBoolTest(tag) : tag));
}

function withPyyamlBoolTest(tag: Tags[number]): Tags[number] {
  if (typeof tag === 'string' || !('test' in tag) || tag.test === undefined) {
    return tag;
  }
  const scalarTag: ScalarTag = tag;
  const test = scalarTag.test?.test('true') === true ? PYYAML_TRUE : PYYAML_FALSE;
  return { ...scalarTag, test };
}
