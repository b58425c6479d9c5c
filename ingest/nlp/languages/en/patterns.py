"""English phrase shapes the quote attributor reads: compiled patterns, and the regex pieces that
`speakers` joins with its own (capital letters, role-noun tries) into larger patterns."""

from __future__ import annotations

import re
from functools import lru_cache

# "…," according to the ministry. / According to X, "…": a source named without a speech verb.
ACCORDING_TO_RE = re.compile(r"^[\s,]*according to[^\S\n]+", re.IGNORECASE)
# "QRNA quoted the council's secretary, Nasrollah Kianfar, as saying:": the one quoted is the speaker.
QUOTED_AS_RE = re.compile(r"\bquot(?:ed|es|ing)[^\S\n]+(.{1,160}?)[^\S\n]+as[^\S\n]+(?:saying|telling\b[^:,]*)[:,]?$")
# The sentence after a quote that says whose words they were: "The warning came from X."
CAME_FROM_RE = re.compile(r"[^\S\n]*(?:The|Those|These|His|Her|Their|Its)[^\S\n]+(?:[\w’'-]+[^\S\n]+){0,2}?"
                          r"(?:warning|remarks?|comments?|words|message|threat|statement|criticism|plea|appeal|"
                          r"rebuke|pledge|promise|vow|admission|assessment|claim)s?[^\S\n]+came[^\S\n]+from[^\S\n]+")
# What opens a paragraph before its dash: a live blog's time ("11:12 a.m. —") or a dateline ("WESTBRIDGE —").
DATELINE_RE = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?:[^\S\n]*[ap]\.?m\.?)?|[A-Z][A-Z .,'’-]{2,})$")
# "a spokeswoman, who gave only her first name, Kari": the unnamed person is named after all.
FIRST_NAME_RE = re.compile(r"[^,.;:\n]{0,50}first name,[^\S\n]*[A-Z]")
# A sentence whose subject is "he" or "she" ("He was the second MP, following Lee Anderson").
PRONOUN_OPENING_RE = re.compile(r"\s*(?:He|She)\s")

# The possessive ending ("Kask's", "Norvaal’s"), as a regex piece, and a word that ends in it.
POSSESSIVE = r"[’']s"
POSSESSIVE_END_RE = re.compile(POSSESSIVE + "$")
# What may follow a name to make it an owner: "’s", or a plural's bare mark ("the Joneses’").
POSSESSIVE_AFTER_RE = re.compile(r"^[’']s?(?=[^\w]|$)")
# Letters after which a closing single mark may be a plural possessive ("the Joneses’ house").
PLURAL_POSSESSIVE_LETTERS = "sSzZ"
# Determiners that introduce an unnamed person ("a crane driver", "one farmer", "another official"),
# both cases spelled out: "An?|an?" rather than "[Aa]n?", as `re` skips alternatives that open with a
# plain letter at no cost.
INDEFINITE_OPENERS = r"An?|an?|One|one|Another|another"
# The same, and the possessive pronouns that introduce a relation ("her friend", "their lawyer").
ANON_OPENERS = INDEFINITE_OPENERS + r"|His|his|Her|her|Their|their|Its|its"
# The definite article opening a sentence, both cases ("The minister said", "the 54-year-old")
DEFINITE_OPENER = r"The|the"
# Determiners that introduce an organisation named by its kind ("the health ministry", "its board").
ORG_OPENERS = r"The|the|An?|an?|Its|its|Their|their"
# Function words that cannot stand among the modifiers of such a phrase ("a senior civil defence official").
FUNCTION_WORDS = r"(?:the|a|an|its|their|his|her|of|in|at|on|for|by|to|from|and|or|that|which|who|with)"


@lru_cache(maxsize=1024)
def indefinite_phrase_re(head: str) -> re.Pattern[str]:
    """An unnamed person introduced with `head` ("a bystander", "one elderly resident"): up to four words
    between the determiner and the head noun."""
    return re.compile(rf"\b(?:{INDEFINITE_OPENERS})[^\S\n]+(?:[\w’'-]+[^\S\n]+){{0,4}}?{re.escape(head)}\b")


@lru_cache(maxsize=1024)
def document_re(head: str) -> re.Pattern[str]:
    """A document noun or its plural, in any case ("statement", "Statements")."""
    return re.compile(rf"\b{re.escape(head)}s?\b", re.IGNORECASE)

# After a name: an appositive, optionally opened by a determiner or a possessive (", the mayor", ", Kask's lawyer").
APPOSITIVE_RE = re.compile(r",[^\S\n]*((?:a|an|the|[\w’']+[’']s)[^\S\n]+)?([^,;:.()\n]{1,60})")
# Before a name: a role phrase opened by a determiner and closed by a comma ("the club's coach, ").
LEADING_ROLE_RE = re.compile(r"(?:^|[,.;:\n])[^\S\n]*(?:the|his|her|their|its|a|an|[\w’']+[’']s)[^\S\n]+"
                             r"([a-z][^,;:.()\n]{0,50}),[^\S\n]*$", re.I)
# the same inside a clause: "Oscar, who was visiting with his grandmother, Bernadette": the role is what
# follows the clause's last determiner (no "a"/"the" word may come after it)
LATE_ROLE_RE = re.compile(r"\b(?:the|his|her|their|its)[^\S\n]+((?:(?!(?:the|his|her|their|its|a|an)\b)"
                          r"[a-z][\w-]*[^\S\n]*){1,4}),[^\S\n]*$")
# Where a he/she/it word can stand: h/s/i after no letter or digit, the rest in any case, no word
# character after. Most stretches after a name have none, and reading them word by word is skipped.
PRONOUN_AT_RE = re.compile(r"[HhSsIi](?<![^\W_].)(?i:e|is|imself|ers|erself|he|hers|herself|t|ts)(?![\w’'-])")
# After a paragraph's first run: a dateline's dash or wire credit ("WASHINGTON —", "PARIS, Jan 3 (AFP) -")
# or a label's colon ("Details:", "Between the lines:"); the run itself is then a place or a heading.
DATELINE_OR_LABEL_RE = re.compile(r"(?:,[^\n—–]{0,25})?[^\S\n]*(?:\((?:AP|AFP|Reuters|dpa|PA|UPI|Xinhua)\)"
                                  r"[^\S\n]*)?[—–-][^\S\n]|:[^\S\n]+(?=[A-Z])")
