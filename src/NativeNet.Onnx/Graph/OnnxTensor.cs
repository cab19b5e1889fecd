namespace NativeNet.Onnx.Graph;

/// <summary>A constant of the graph (weights, statistics, scalars): its name, shape, element type and little-endian bytes.</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, byte[] RawData);
