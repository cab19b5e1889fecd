namespace NativeNet.Onnx.Graph;

/// <summary>One operator of the graph: its type, the values it reads and writes, and its attributes.</summary>
internal sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);
