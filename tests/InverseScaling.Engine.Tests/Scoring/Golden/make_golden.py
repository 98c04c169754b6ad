"""Writes stories260k_rows.json: golden per-class log-probs for the first rows of the three shared datasets.

The numbers come from shared/models/_tools/reference.py (an independent pure-Python, double-precision forward
pass and the llama2.c tokenizer); nothing here shares code with the C# engine. The scoring rule is the engine's
documented one (OnnxModelScorer):
  * lm-eval's _encode_pair: trailing whitespace of the prompt moves into the continuation;
  * prompt and prompt+class are tokenised with BOS; the class's scored tokens are those after the longest common
    prefix of the two tokenisations;
  * over-long input: the shared prompt is cut at the left (BOS included) by the same number of tokens for every
    class, so that the longest class row fits in max_context input positions.

Run from the repository root:  python3 tests/InverseScaling.Engine.Tests/Scoring/Golden/make_golden.py ../shared
"""
import ast
import json
import math
import os
import sys

sys.dont_write_bytecode = True
SHARED = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../shared")
sys.path.insert(0, os.path.join(SHARED, "models", "_tools"))
import reference  # noqa: E402

ROWS = int(os.environ.get("ROWS", "5"))
MAX_CONTEXT = 512
FILES = ["neqa/neqa_classification.jsonl", "memo_trap/memo-trap_classification.jsonl",
         "hindsight_neglect/hindsight-neglect_classification.jsonl"]


def lcp(a, b):
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    return p


def score_example(model, tok, prompt, classes):
    n = len(prompt) - len(prompt.rstrip())
    context, moved = (prompt[:-n], prompt[-n:]) if n else (prompt, "")
    ctx = tok.encode(context)
    fulls = [tok.encode(context + moved + c) for c in classes]
    starts = [lcp(ctx, f) for f in fulls]
    cut = max(0, max(len(f) - 1 for f in fulls) - MAX_CONTEXT)
    out = []
    for full, start in zip(fulls, starts):
        window = full[cut:]
        logits = model.logits_all(window[:-1]) if len(window) > 1 else []
        lps = []
        for t in range(start, len(full)):
            z = logits[t - cut - 1]
            m = max(z)
            lse = m + math.log(sum(math.exp(v - m) for v in z))
            lps.append(z[full[t]] - lse)
        out.append(dict(full_ids=full, scored_from=start, scored_ids=full[start:], token_logprobs=lps,
                        logprob=sum(lps)))
    return dict(cut=cut, scores=out)


def main():
    model, tok = reference.load("stories260K")
    result = dict(model="stories260K", max_context=MAX_CONTEXT,
                  produced_by="python3 tests/InverseScaling.Engine.Tests/Scoring/Golden/make_golden.py ../shared "
                              "(shared/models/_tools/reference.py forward pass + llama2.c tokenizer)",
                  examples=[])
    for f in FILES:
        with open(os.path.join(SHARED, "data", "inverse-scaling", f), encoding="utf-8") as fh:
            lines = [next(fh) for _ in range(ROWS)]
        for i, line in enumerate(lines):
            row = json.loads(line)
            classes = ast.literal_eval(row["classes"])
            scored = score_example(model, tok, row["prompt"], classes)
            result["examples"].append(dict(file=f, index=i, prompt=row["prompt"], classes=classes,
                                           answer_index=row["answer_index"], **scored))
            print(f, i, [round(c["logprob"], 5) for c in scored["scores"]], "cut", scored["cut"], flush=True)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "stories260k_rows.json"), "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


main()
