#!/usr/bin/env python3
"""Checks a Prometheus text exposition (format 0.0.4) as a scraper would read it.

    check_exposition.py FILE      exit 0 when valid; else the first problem on stderr, exit 1

Two readings: the Prometheus client's own parser (prometheus_client.parser, Debian's
python3-prometheus-client) must read every sample into the family its TYPE line announced; and,
since that parser is lax by its own account, every line is held to the format's grammar
(https://prometheus.io/docs/instrumenting/exposition_formats/) and every family to its rules:
one group of lines per family, at most one HELP and one TYPE, before its samples; no series
twice; counters not negative; histograms with cumulative buckets ending at le="+Inf", equal to
their _count.
"""
import math
import re
import sys

from prometheus_client.parser import text_string_to_metric_families

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL_NAME = r'[a-zA-Z_][a-zA-Z0-9_]*'
LABEL_VALUE = r'"(?:[^"\\\n]|\\[\\"n])*"'
LABEL = LABEL_NAME + r'=' + LABEL_VALUE
FLOAT = r'[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|(?i:inf|infinity))|(?i:nan)'  # as Go's ParseFloat
SAMPLE = re.compile(r'(' + NAME + r')(?:\{((?:' + LABEL + r')(?:,' + LABEL + r')*,?)?\})? (' + FLOAT + r')(?: -?\d+)?')
HELP = re.compile(r'# HELP (' + NAME + r') ((?:[^\\\n]|\\[\\n])*)')
TYPE = re.compile(r'# TYPE (' + NAME + r') (counter|gauge|histogram|summary|untyped)')
ONE_LABEL = re.compile(r'(' + LABEL_NAME + r')="((?:[^"\\\n]|\\[\\"n])*)"')
SUFFIXES = {'histogram': ('_bucket', '_sum', '_count'), 'summary': ('_sum', '_count')}


class Invalid(Exception):
    pass


def unescape(v):
    return re.sub(r'\\(.)', lambda m: {'n': '\n'}.get(m.group(1), m.group(1)), v)


def family_of(name, types):
    """The family a sample name belongs to: its own, or a histogram's or summary's by suffix."""
    for typ, suffixes in SUFFIXES.items():
        for s in suffixes:
            if name.endswith(s) and types.get(name[:-len(s)]) == typ:
                return name[:-len(s)]
    return name


def check_grammar(text):
    """Every line against the grammar; returns {family: type} and the samples per family."""
    if text and not text.endswith('\n'):
        raise Invalid('the last line does not end with a line feed')
    types, helps, samples, done, current = {}, set(), {}, set(), None
    for number, line in enumerate(text.split('\n')[:-1], 1):
        where = 'line %d: %r: ' % (number, line)
        if line.strip() == '':
            continue
        if line.startswith('#'):
            words = line.split(' ', 3)
            if len(words) > 1 and words[0] == '#' and words[1] in ('HELP', 'TYPE'):
                m = (HELP if words[1] == 'HELP' else TYPE).fullmatch(line)
                if not m:
                    raise Invalid(where + 'malformed ' + words[1])
                name = m.group(1)
                if name in done or (name != current and name in samples):
                    raise Invalid(where + name + ' is not one group of lines')
                if words[1] == 'HELP':
                    if name in helps:
                        raise Invalid(where + 'second HELP for ' + name)
                    helps.add(name)
                else:
                    if name in types:
                        raise Invalid(where + 'second TYPE for ' + name)
                    if name in samples:
                        raise Invalid(where + 'TYPE after samples of ' + name)
                    types[name] = m.group(2)
                if current is not None and name != current:
                    done.add(current)
                current = name
            continue
        m = SAMPLE.fullmatch(line)
        if not m:
            raise Invalid(where + 'not a sample line')
        name, labels, value = m.group(1), m.group(2) or '', float(m.group(3))
        family = family_of(name, types)
        if family in done:
            raise Invalid(where + family + ' is not one group of lines')
        if current is not None and family != current:
            done.add(current)
        current = family
        pairs = [(k, unescape(v)) for k, v in ONE_LABEL.findall(labels)]
        if len({k for k, _ in pairs}) != len(pairs):
            raise Invalid(where + 'a label twice')
        series = (name, frozenset(pairs))
        if any(s[0] == series for s in samples.get(family, [])):
            raise Invalid(where + 'the same series twice')
        samples.setdefault(family, []).append((series, value, where))
    return types, samples


def check_family(family, typ, samples):
    if typ in ('counter', 'histogram', 'summary'):
        for (name, _), value, where in samples:
            if not name.endswith('_sum') and (math.isnan(value) or value < 0):
                raise Invalid(where + 'a negative or NaN count')
    if typ != 'histogram':
        return
    groups = {}
    for (name, labels), value, where in samples:
        le = dict(labels).get('le')
        rest = frozenset((k, v) for k, v in labels if k != 'le')
        group = groups.setdefault(rest, {'buckets': [], 'count': None, 'where': where})
        if name == family + '_bucket':
            if le is None:
                raise Invalid(where + 'a bucket without le')
            group['buckets'].append((float(le), value, where))
        elif name == family + '_count':
            group['count'] = value
    for group in groups.values():
        buckets = sorted(group['buckets'])
        if not buckets or buckets[-1][0] != math.inf:
            raise Invalid(group['where'] + family + ' has no le="+Inf" bucket')
        for (_, a, _), (_, b, where) in zip(buckets, buckets[1:]):
            if b < a:
                raise Invalid(where + 'buckets not cumulative')
        if group['count'] != buckets[-1][1]:
            raise Invalid(group['where'] + family + '_count differs from its +Inf bucket')


def check(text):
    types, samples = check_grammar(text)
    for family, rows in samples.items():
        check_family(family, types.get(family, 'untyped'), rows)
    parsed = 0
    for f in text_string_to_metric_families(text):
        # The parser names a counter family without its _total.
        total = f.name + '_total' if f.type == 'counter' and f.name + '_total' in types else f.name
        declared = types.get(total, 'untyped')
        if f.type != declared and not (declared == 'untyped' and f.type == 'unknown'):
            raise Invalid('the client parser read %s as %s, not as its TYPE %s' % (f.name, f.type, declared))
        parsed += len(f.samples)
    lines = sum(len(rows) for rows in samples.values())
    if parsed != lines:
        raise Invalid('the client parser read %d samples of %d sample lines' % (parsed, lines))
    return len(samples), lines


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        text = f.read()
    try:
        families, lines = check(text)
    except (Invalid, ValueError) as e:
        print('invalid exposition: %s' % e, file=sys.stderr)
        return 1
    print('valid: %d families, %d samples' % (families, lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
