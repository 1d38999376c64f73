"""Stable, shareable anchors for sections: the path of positions, e.g. #sec-7-1 for 七、1.

They depend only on where a section stands in the report, not on database ids, so a link
shared today still points at the same measure after the report is re-imported."""


def section_anchors(rows) -> dict[int, str]:
    """``rows`` are (id, parent_id, position) of every section of the reports concerned."""
    by_id = {pk: (parent_id, position) for pk, parent_id, position in rows}
    anchors: dict[int, str] = {}

    def anchor(pk: int) -> str:
        if pk not in anchors:
            path = []
            seen = set()
            node = pk
            while node is not None and node in by_id and node not in seen:
                seen.add(node)
                parent_id, position = by_id[node]
                path.append(str(position))
                node = parent_id
            anchors[pk] = "sec-" + "-".join(reversed(path))
        return anchors[pk]

    for pk in by_id:
        anchor(pk)
    return anchors


def numbered_paths(rows) -> dict[int, str]:
    """``rows`` are (id, parent_id, number): each section's number after its parents', as a
    reader cites a measure, e.g. 七、1. or 二、(一)1."""
    by_id = {pk: (parent_id, number) for pk, parent_id, number in rows}
    paths: dict[int, str] = {}
    for pk in by_id:
        numbers, seen, node = [], set(), pk
        while node is not None and node in by_id and node not in seen:
            seen.add(node)
            parent_id, number = by_id[node]
            numbers.append(number)
            node = parent_id
        paths[pk] = "".join(reversed(numbers))
    return paths
