"""Punctuation of the print version: the half-width , ; : ( ) of web text set full-width.

Chinese text takes full-width punctuation (GB/T 15834). Reports pasted from the web often
carry half-width marks, which take half a character cell each, so that the PDF's lines end
short of the text block. The print version sets them full-width; the web page stays word for
word. Marks in numbers and in Latin text stay as they are: 1,234 and 8:30, "Art. 3(2)",
"Rule of Law, 2017".
"""

# Written as escapes: U+FF0C , U+FF1B ; U+FF1A : U+FF08 ( U+FF09 ).
FULL_WIDTH = {",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "(": "\uff08", ")": "\uff09"}


def _is_chinese(character: str) -> bool:
    """CJK characters and full-width punctuation (everything from U+2E80 on, the Latin-1 and
    general punctuation marks that Chinese text shares, such as “ ” and …, excepted)."""
    return character >= "\u2e80"


def _latin(character: str) -> bool:
    return character.isascii() and not character.isspace() and character != ""


def full_width_punctuation(text: str) -> str:
    """``text`` with its half-width , ; : ( ) full-width where they punctuate Chinese text."""
    if not any(mark in text for mark in FULL_WIDTH):
        return text
    characters = list(text)
    length = len(characters)
    chinese = any(_is_chinese(c) for c in text)
    opening: list[int] = []
    for index, character in enumerate(characters):
        if not character:
            continue  # a space dropped after a mark
        before = characters[index - 1] if index else ""
        after = characters[index + 1] if index + 1 < length else ""
        if character in ",;:":
            if before.isdigit() and after.isdigit() and character != ";":
                continue  # 1,234  8:30  1:2
            if _latin(before) and (after.isascii() if after else not chinese):
                continue  # Latin text, an address (http://)
            characters[index] = FULL_WIDTH[character]
            if after == " ":
                characters[index + 1] = ""  # a full-width mark carries its own space
        elif character == "(":
            opening.append(index)
        elif character == ")" and opening:
            start = opening.pop()
            inside = "".join(characters[start + 1 : index])
            outside = (characters[start - 1] if start else "") + after
            if any(_is_chinese(c) for c in inside + outside) or not inside.strip():
                characters[start], characters[index] = FULL_WIDTH["("], FULL_WIDTH[")"]
    for start in opening:  # an unmatched "(" beside Chinese text
        around = (characters[start - 1] if start else "") + "".join(
            characters[start + 1 : start + 2]
        )
        if any(_is_chinese(c) for c in around):
            characters[start] = FULL_WIDTH["("]
    return "".join(characters)
