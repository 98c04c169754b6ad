"""Writes the two malformed ONNX graphs the model-folder tests use, with shared/models/_tools/onnx_writer.py.

  no_logits.onnx     input_ids → Gather(embedding) → "hidden"   (a graph without a "logits" output)
  no_input_ids.onnx  tokens    → Gather(embedding) → "logits"   (a graph without an "input_ids" input)

Run from the repository root:  python3 tests/InverseScaling.Engine.Tests/Models/Fixtures/make_graphs.py ../shared
"""
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../shared"), "models", "_tools"))
from onnx_writer import FLOAT, INT64, Graph, value_info  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, input_name, output_name):
    g = Graph(name)
    g.init("embedding", [512, 8], FLOAT, struct.pack("<4096f", *[i / 4096 for i in range(4096)]))
    g.op("Gather", ["embedding", input_name], out=output_name)
    model = g.model([value_info(input_name, INT64, ["batch", "sequence"])],
                    [value_info(output_name, FLOAT, ["batch", "sequence", 8])])
    with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
        f.write(model)


write("no_logits", "input_ids", "hidden")
write("no_input_ids", "tokens", "logits")
