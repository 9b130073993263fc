#!/usr/bin/env python3
"""Derives Intents/lemmas.txt and Intents/dictionary.txt from WordNet 3.0 (Debian's wordnet-base).

lemmas.txt:

WordNet lists the inflected forms that regular English suffix rules don't reach ("bought" → buy,
"children" → child, "shipped" → ship). Concierge reads them so that an irregular form means its
lemma, and so that every inflection of a concept's member is matched (see Intents/concepts.txt).

Kept: verb and noun exceptions whose form is made of letters only, whose form is not itself a
lemma of the same part of speech (so "found" stays "found", "saw" stays "saw"), and whose form is
not a grammar word the matcher weighs on its own (was, has, did...), and whose lemma is in everyday
use: it is tagged at least 10 times in WordNet's sense-tagged corpus counts (cntlist.rev), so
archaic forms ("gan" → gin) don't turn a shopper's word into something else. Adjective exceptions
("better" → good) are left out: in a shop they change meaning.

dictionary.txt: the English words in everyday use (every lemma of three or more letters tagged at
least once in WordNet's sense-tagged corpus counts), which the spelling corrector leaves as they are:
"pleasure" is no typo of "please", nor "trick" of "track". A typo that happens to be a rare word
("oder", a river) is still corrected, since rare words are not listed.

compounds.txt: two-word nouns whose meaning is not their words' ("credit rating", "day off"). The
matcher reads each as one word when the shop's own examples never use it, so "what's my credit
rating" is not a product rating and "my next day off" is no next-day delivery.

Run: apt-get install wordnet-base && python3 Intents/wordnet/derive.py
"""
import os, re, sys

WN = "/usr/share/wordnet"
GRAMMAR = {"was", "were", "is", "am", "are", "been", "has", "had", "did", "does", "done", "doing",
           "having", "being", "an", "us", "its", "men", "ones", "aren", "wasn"}

def lemmas(pos):
    out = set()
    with open(f"{WN}/index.{pos}", encoding="latin-1") as f:
        for line in f:
            if not line.startswith(" "):
                out.add(line.split(" ", 1)[0])
    return out

# How often each lemma of a part of speech was tagged in WordNet's semantic concordance.
uses = {}
with open(f"{WN}/cntlist.rev", encoding="latin-1") as f:
    for line in f:
        key, _, count = line.split()
        lemma, rest = key.split("%", 1)
        uses[(lemma, rest[0])] = uses.get((lemma, rest[0]), 0) + int(count)

rows = {}
for pos, number in (("verb", "2"), ("noun", "1")):
    own = lemmas(pos)
    with open(f"{WN}/{pos}.exc", encoding="latin-1") as f:
        for line in f:
            form, *bases = line.split()
            if not re.fullmatch(r"[a-z]{2,}", form) or form in own or form in GRAMMAR:
                continue
            base = next((b for b in bases if re.fullmatch(r"[a-z]{2,}", b) and b != form), None)
            if base and form not in rows and uses.get((base, number), 0) >= 10:
                rows[form] = base

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "lemmas.txt"), "w") as out:
    out.write("# Irregular forms and their lemmas, one 'form lemma' pair a line, derived from WordNet 3.0's\n")
    out.write("# exception lists by Intents/wordnet/derive.py (licence: Intents/wordnet/LICENSE).\n")
    out.write("# A shop may add lines of its own; a form may appear once.\n")
    for form in sorted(rows):
        out.write(f"{form} {rows[form]}\n")

# Everyday British informal words WordNet lacks, which the corrector would otherwise "fix"
# ("brill" → bill, an invoice).
INFORMAL = {"brill", "fab"}
words = sorted({lemma for (lemma, _) in uses if re.fullmatch(r"[a-z]{3,}", lemma)} | INFORMAL)
with open(os.path.join(here, "..", "dictionary.txt"), "w") as out:
    out.write("# English words in everyday use, which the spelling corrector never changes: one word a line,\n")
    out.write("# derived from WordNet 3.0 by Intents/wordnet/derive.py (licence: Intents/wordnet/LICENSE).\n")
    out.write("# A shop may add words of its own (brand or product names).\n")
    for word in words:
        out.write(word + "\n")

compounds = set()
with open(f"{WN}/index.noun", encoding="latin-1") as f:
    for line in f:
        if line.startswith(" "):
            continue
        lemma = line.split(" ", 1)[0]
        if re.fullmatch(r"[a-z]{3,}_[a-z]{3,}", lemma):
            compounds.add(lemma.replace("_", " "))
with open(os.path.join(here, "..", "compounds.txt"), "w") as out:
    out.write("# Two-word nouns read as one word when the shop's examples never use them, one a line,\n")
    out.write("# derived from WordNet 3.0 by Intents/wordnet/derive.py (licence: Intents/wordnet/LICENSE).\n")
    out.write("# A shop may add its own (\"loyalty card\"); a compound its examples use keeps its two words.\n")
    for compound in sorted(compounds):
        out.write(compound + "\n")
