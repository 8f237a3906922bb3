#!/usr/bin/env bash
# Review a ledger change the way a forge's CI does: check the book at the change's head,
# then write the change in money terms as Markdown for the pull request's comment.
#   ARL_LEDGER  the ledger folder inside the repository (default: .)
#   ARL_BASE    the revision the change is compared with (e.g. origin/main)
#   ARL_REVIEW  where the Markdown review goes (default: arl-review.md)
#   ARL_STRICT  set to 1 to fail on any warning (history rewritten, closed period touched)
# Exit status: 0 the book adds up, 1 `arl check` or `arl diff --strict` found problems,
# 2 bad input. The review file is written either way, so it can be posted.
set -uo pipefail
ledger="${ARL_LEDGER:-.}"
base="${ARL_BASE:?set ARL_BASE to the revision to compare with, e.g. origin/main}"
review="${ARL_REVIEW:-arl-review.md}"
strict=()
[ "${ARL_STRICT:-0}" = 1 ] && strict=(--strict)

arl -L "$ledger" check > arl-check.txt 2>&1
checked=$?
arl -L "$ledger" diff --format markdown "${strict[@]}" "$base" HEAD > "$review"
reviewed=$?
if [ "$checked" -ne 0 ]; then
    {
        echo
        echo "### arl check found problems"
        echo
        echo '```'
        cat arl-check.txt
        echo '```'
    } >> "$review"
fi
cat "$review"
[ "$checked" -eq 0 ] || exit "$checked"
exit "$reviewed"
