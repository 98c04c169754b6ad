"""Writes the two malformed ONNX graphs the model-folder tests use, with shared/models/_tools/onnx_writer.py.

  no_logits.onnx     input_ids → Gather(embedding) → "hidden"   (a graph without a "logits" output)
  no_input_ids.onnx  tokens    → Gather(embedding) → "logits"   (a graph without an "input_ids" input)
  int32_onehot.onnx  input_ids (int32) → OneHot(depth 512, values [0, 2]) → "logits": the logits at a position are 2 for
                     the token there and 0 elsewhere, so every log-prob can be computed by hand

Run from the repository root:  python3 tests/InverseScaling.Engine.Tests/Models/Fixtures/make_graphs.py ../shared
"""
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../shared"), "models", "_tools"))
from onnx_writer import FLOAT, INT64, Graph, value_info  # noqa: E402

INT32 = 6   # TensorProto.DataType

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, input_name, output_name):
    g = Graph(name)
    g.init("embedding", [512, 8], FLOAT, struct.pack("<4096f", *[i / 4096 for i in range(4096)]))
    g.op("Gather", ["embedding", input_name], out=output_name)
    model = g.model([value_info(input_name, INT64, ["batch", "sequence"])],
                    [value_info(output_name, FLOAT, ["batch", "sequence", 8])])
    with open(os.path.join(HERE, name + ".onnx"), "wb") as f:
        f.write(model)


def write_onehot():
    g = Graph("int32_onehot")
    g.init("depth", [1], INT32, struct.pack("<i", 512))   # ORT's CPU OneHot takes int32 indices with an int32 depth
    g.init("values", [2], FLOAT, struct.pack("<2f", 0.0, 2.0))
    g.op("OneHot", ["input_ids", "depth", "values"], out="logits", axis=-1)
    model = g.model([value_info("input_ids", INT32, ["batch", "sequence"])],
                    [value_info("logits", FLOAT, ["batch", "sequence", 512])])
    with open(os.path.join(HERE, "int32_onehot.onnx"), "wb") as f:
        f.write(model)


write_onehot()
write("no_logits", "input_ids", "hidden")
write("no_input_ids", "tokens", "logits")
