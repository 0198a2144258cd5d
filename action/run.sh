#!/usr/bin/env bash
# shellcheck disable=SC2016 # backticks in single quotes are markdown, not substitutions
# The navdiff GitHub Action's main step (action.yml; docs/github-pull-requests.md).
#
# Diffs the docs navigation between the pull request's base and HEAD, writes the job summary
# and the step outputs, posts or updates the pull-request comment, and sets the step's status:
# it fails when navdiff exits 1 (`fail-on`, `--exit-code` or `fail-on` in navdiff.toml asked
# for it) and always when navdiff exits 2 (an error, shown in the summary).
#
# Everything arrives through the environment; nothing from the pull request is ever evaluated:
#   INPUT_BASE INPUT_HEAD INPUT_NAV INPUT_FAIL_ON INPUT_FORMAT INPUT_COMMENT INPUT_ARGS
#   INPUT_COMMENT_AUTHOR   the action's inputs (see action.yml)
#   PR_NUMBER              the pull request's number (empty outside pull-request events)
#   GH_TOKEN               the token `gh` posts the comment with
#   GITHUB_REPOSITORY GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITHUB_OUTPUT RUNNER_TEMP
#                          set by GitHub Actions
# It needs bash, git and navdiff, and `gh` when it comments.
set -euo pipefail

marker='<!-- navdiff'
# GitHub refuses comments over 65,536 characters and step summaries over 1 MiB.
max_summary_bytes=1000000

# --- helpers -------------------------------------------------------------------------------

# Escapes the data part of a workflow command (`::error::DATA`).
command_data() {
    local text=$1
    text=${text//'%'/'%25'}
    text=${text//$'\r'/'%0D'}
    text=${text//$'\n'/'%0A'}
    printf '%s' "$text"
}

# Escapes text for HTML (and so for the markdown of a summary or comment).
html_escape() {
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# Appends standard input to the job summary (or drops it outside GitHub Actions).
summary() {
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        cat >>"$GITHUB_STEP_SUMMARY"
    else
        cat >/dev/null
    fi
}

# Sets a step output; values are single-line by construction.
output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

# Copies a file of untrusted text to the log with workflow commands switched off, so that a
# line such as `::add-mask::` or `::error::` inside it is printed, not obeyed.
show_untrusted() {
    local file=$1 token
    [ -s "$file" ] || return 0
    token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    printf '::stop-commands::%s\n' "$token"
    cat "$file"
    printf '\n::%s::\n' "$token"
}

# Stops the step with status 2: an error line in the log and the message in the summary.
fail_usage() {
    printf '::error title=navdiff::%s\n' "$(command_data "$1")"
    {
        printf '### navdiff could not run\n\n'
        printf '%s\n' "$1" | html_escape
    } | summary
    output exit-code 2
    exit 2
}

# --- inputs --------------------------------------------------------------------------------

format=${INPUT_FORMAT:-github}
case $format in
github | markdown) ;;
*) fail_usage "the format input must be \`github\` or \`markdown\`, not \`$format\`" ;;
esac

comment=${INPUT_COMMENT:-update}
case $comment in
update | new | off) ;;
*) fail_usage "the comment input must be \`update\`, \`new\` or \`off\`, not \`$comment\`" ;;
esac

head=${INPUT_HEAD:-HEAD}
author=${INPUT_COMMENT_AUTHOR-github-actions[bot]}
pr=${PR_NUMBER:-}
case $pr in
*[!0-9]*) fail_usage "PR_NUMBER must be a number, not \`$pr\`" ;;
esac
repo=${GITHUB_REPOSITORY:-}
if [ "$comment" != off ] && [ -n "$pr" ]; then
    case $repo in
    */*/* | *[!A-Za-z0-9_./-]*) repo= ;;
    ?*/?*) ;;
    *) repo= ;;
    esac
    if [ -z "$repo" ]; then
        fail_usage "GITHUB_REPOSITORY must be \`owner/name\`, not \`${GITHUB_REPOSITORY:-}\`"
    fi
fi

# Extra flags: split on whitespace, never globbed or evaluated. `read -a` does no expansion.
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
    read -r -d '' -a extra <<<"$INPUT_ARGS" || true
fi
nav=()
if [ -n "${INPUT_NAV:-}" ]; then
    nav=(--nav "$INPUT_NAV")
fi
fail=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
    fail=(--fail-on "$INPUT_FAIL_ON")
fi

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/navdiff.XXXXXX")

# --- the base revision ---------------------------------------------------------------------

# Sets `base_id` to the merge base of HEAD and the pull request's base branch, fetched from
# `origin` as deep as needed: a shallow checkout (actions/checkout's default) is deepened step
# by step, and only as a last resort made whole.
merge_base() {
    local ref=$1 head_id refspec tracking depth
    head_id=$(git rev-parse --verify --quiet --end-of-options "$head^{commit}") ||
        fail_usage "cannot resolve the head revision \`$head\`"
    refspec="+refs/heads/$ref:refs/remotes/origin/$ref"
    tracking="refs/remotes/origin/$ref"
    if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
        git fetch --no-tags --quiet --depth=50 origin "$refspec" ||
            fail_usage "cannot fetch the base branch \`$ref\` from \`origin\`"
        for depth in 50 200 1000; do
            if base_id=$(git merge-base "$tracking" "$head_id" 2>/dev/null); then
                return 0
            fi
            git fetch --no-tags --quiet --deepen="$depth" origin "$refspec" "$head_id" ||
                fail_usage "cannot deepen the history of \`$ref\` and \`$head\`"
        done
        if base_id=$(git merge-base "$tracking" "$head_id" 2>/dev/null); then
            return 0
        fi
        git fetch --no-tags --quiet --unshallow origin "$refspec" "$head_id" ||
            fail_usage "cannot fetch the whole history of \`$ref\`"
    else
        git fetch --no-tags --quiet origin "$refspec" ||
            fail_usage "cannot fetch the base branch \`$ref\` from \`origin\`"
    fi
    base_id=$(git merge-base "$tracking" "$head_id") ||
        fail_usage "\`$ref\` and \`$head\` have no common ancestor"
}

if [ -n "${INPUT_BASE:-}" ]; then
    base=$INPUT_BASE
elif [ -n "${GITHUB_BASE_REF:-}" ]; then
    base_id=
    merge_base "$GITHUB_BASE_REF"
    base=$(git rev-parse --short "$base_id")
else
    fail_usage "no base revision: set the \`base\` input (this run is not for a pull request)"
fi
output base "$(git rev-parse --verify --quiet --end-of-options "$base^{commit}" || true)"

# --- the diff ------------------------------------------------------------------------------

# Runs navdiff with the shared arguments, the revisions before `--` as in git, so that a
# file the pull request adds named like a revision (`HEAD`) can never be read in its place;
# neither can start with `-` (a commit id, and a ref git resolved). `${a[@]+"${a[@]}"}`
# keeps bash 3.2 happy with empty arrays under `set -u`.
navdiff_diff() {
    navdiff diff ${nav[@]+"${nav[@]}"} ${extra[@]+"${extra[@]}"} "$@" "$base" "$head" --
}

set +e
navdiff_diff -f "$format" ${fail[@]+"${fail[@]}"} >"$work/comment.md" 2>"$work/stderr"
status=$?
set -e
show_untrusted "$work/stderr" >&2
output exit-code "$status"

if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    message=$(sed -n '1p' "$work/stderr")
    printf '::error title=navdiff exited %s::%s\n' "$status" "$(command_data "${message:-no error message}")"
    {
        printf '### navdiff could not compare the navigation\n\n'
        printf 'navdiff exited with status %s; no comment was posted.\n\n<pre>' "$status"
        html_escape <"$work/stderr"
        printf '</pre>\n'
    } | summary
    exit "$status"
fi

# The full report for the summary (the comment may be shortened to fit), and the JSON
# document for the `changes` output. Neither asks to fail; navdiff.toml still may (exit 1).
if [ "$format" = markdown ]; then
    cp "$work/comment.md" "$work/report.md"
else
    set +e
    navdiff_diff -f markdown >"$work/report.md" 2>/dev/null
    report_status=$?
    set -e
    if [ "$report_status" -gt 1 ]; then
        cp "$work/comment.md" "$work/report.md"
    fi
fi
set +e
navdiff_diff -f json >"$work/report.json" 2>/dev/null
json_status=$?
set -e
changes=
if [ "$json_status" -le 1 ]; then
    # navdiff's own pretty-printed document: sum the counts in its `summary` object.
    changes=$(awk '
        /^  "summary": \{/ { inside = 1; seen = 1; next }
        inside && /^  \}/ { inside = 0 }
        inside { value = $2; gsub(/[^0-9]/, "", value); total += value }
        END { if (seen) print total + 0 }
    ' "$work/report.json")
fi
output changes "$changes"
output report "$work/report.md"
output json "$work/report.json"

report_bytes=$(wc -c <"$work/report.md" | tr -d ' ')
if [ "$report_bytes" -gt "$max_summary_bytes" ]; then
    printf 'The report (%s bytes) is larger than a job summary can hold: it is the file named by the `report` output.\n' "$report_bytes" | summary
else
    summary <"$work/report.md"
fi

# --- the comment ---------------------------------------------------------------------------

# Says in the summary and the log that the comment could not be posted, without failing.
comment_failed() {
    local what=$1 reason
    reason=$(sed -n '1p' "$work/gh.err" 2>/dev/null || true)
    printf '::warning title=navdiff::%s\n' "$(command_data "could not $what the pull-request comment: ${reason:-gh failed}")"
    {
        printf '\n> [!NOTE]\n> navdiff could not %s the pull-request comment' "$what"
        if [ -n "$reason" ]; then
            printf ' (<code>%s</code>)' "$(printf '%s' "$reason" | html_escape)"
        fi
        printf '. Pull requests from forks run with a read-only token, so this is expected there; the report above is complete.\n'
    } | summary
}

post_comment() {
    local body=$1 listing found='' id login url
    if [ "$comment" = update ]; then
        listing="$work/comments.txt"
        if ! gh api --paginate "repos/$repo/issues/$pr/comments?per_page=100" \
            --jq '.[] | select((.body // "") | startswith("<!-- navdiff")) | "\(.id) \(.user.login)"' \
            >"$listing" 2>"$work/gh.err"; then
            comment_failed find
            return 0
        fi
        # The newest marked comment by the author the action posts as.
        while read -r id login; do
            case $id in '' | *[!0-9]*) continue ;; esac
            if [ -z "$author" ] || [ "$login" = "$author" ]; then
                found=$id
            fi
        done <"$listing"
    fi
    if [ -n "$found" ]; then
        if url=$(gh api --method PATCH "repos/$repo/issues/comments/$found" \
            -F "body=@$body" --jq .html_url 2>"$work/gh.err"); then
            printf 'Updated %s\n' "$url"
            output comment-url "$url"
        else
            comment_failed update
        fi
    elif url=$(gh api --method POST "repos/$repo/issues/$pr/comments" \
        -F "body=@$body" --jq .html_url 2>"$work/gh.err"); then
        printf 'Commented %s\n' "$url"
        output comment-url "$url"
    else
        comment_failed post
    fi
}

if [ "$comment" = off ]; then
    :
elif [ -z "$pr" ]; then
    printf 'Not a pull request: no comment.\n'
elif ! grep -q '[^[:space:]]' "$work/comment.md"; then
    printf '::warning title=navdiff::navdiff wrote an empty report: no comment posted\n'
else
    body="$work/comment.md"
    first_line=
    IFS= read -r first_line <"$body" || true
    case $first_line in
    "$marker"*) ;;
    *)
        # The markdown report has no marker: add one, so that the next run finds this comment.
        { printf '%s -->\n' "$marker"; cat "$work/comment.md"; } >"$work/body.md"
        body="$work/body.md"
        ;;
    esac
    post_comment "$body"
fi

if [ "$status" -eq 1 ]; then
    printf '::error title=navdiff::the navigation changed in a way that fail-on (or --exit-code) fails on\n'
    printf '\n**navdiff exited 1:** the navigation changed in a way that `fail-on` (or `--exit-code`) fails on.\n' | summary
    exit 1
fi
