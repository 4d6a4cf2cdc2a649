#!/usr/bin/env bash
# Keep ONE open issue titled $TITLE: its body is the Markdown file $BODY while the JSON file $COUNTS has a count
# above zero at the jq path $COUNT (e.g. .counts.stale); closed with $CLOSED as a comment once it is zero.
# Used by the weekly report workflows; needs GH_TOKEN and GH_REPO.
set -euo pipefail
found="$(jq "$COUNT" "$COUNTS")"
number="$(gh issue list --state open --limit 500 --json number,title \
  --jq '.[] | select(.title == $ENV.TITLE) | .number' | head -n 1)"
if [ "$found" -gt 0 ] && [ -n "$number" ]; then
  gh issue edit "$number" --body-file "$BODY"
elif [ "$found" -gt 0 ]; then
  gh issue create --title "$TITLE" --body-file "$BODY"
elif [ -n "$number" ]; then
  gh issue close "$number" --comment "$CLOSED"
fi
cat "$BODY" >> "$GITHUB_STEP_SUMMARY"
