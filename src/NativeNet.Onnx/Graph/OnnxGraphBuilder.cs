using System.Numerics;
using System.Runtime.InteropServices;
using NativeNet.Onnx.Protobuf;

namespace NativeNet.Onnx.Graph;

/// <summary>
/// Collects the nodes and constants of a single-input, single-output graph over rows of type
/// <typeparamref name="T"/>, and writes it as an ONNX ModelProto (field numbers from onnx.proto).
/// </summary>
internal sealed class OnnxGraphBuilder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>ONNX TensorProto.DataType of <typeparamref name="T"/>: FLOAT (1) or DOUBLE (11).</summary>
    public static readonly int DataType = typeof(T) == typeof(float) ? 1 : 11;

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly Dictionary<double, string> _scalars = [];
    private int _values;

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string NewValue(string prefix) => $"{prefix}_{_values++}";

    /// <summary>Adds an operator reading <paramref name="inputs"/>; returns the name of its one output.</summary>
    public string Add(string opType, string name, string[] inputs, params OnnxAttribute[] attributes)
    {
        string output = NewValue(name);
        _nodes.Add(new OnnxNode(output + "_" + opType, opType, inputs, [output], attributes));
        return output;
    }

    /// <summary>Copies <paramref name="value"/> to a value named <paramref name="name"/> (the graph's output needs its own name).</summary>
    public string Rename(string value, string name)
    {
        _nodes.Add(new OnnxNode(name + "_Identity", "Identity", [value], [name], []));
        return name;
    }

    /// <summary>A constant tensor of <paramref name="values"/> with <paramref name="dims"/>; returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<T> values, params long[] dims)
    {
        _initializers.Add(new OnnxTensor(name, dims, DataType, MemoryMarshal.AsBytes(values).ToArray()));
        return name;
    }

    /// <summary>A scalar constant, shared by every node that uses the same value.</summary>
    public string Scalar(double value)
    {
        if (_scalars.TryGetValue(value, out string? name)) return name;
        name = $"const_{_scalars.Count}";
        _scalars[value] = name;
        return Constant(name, [T.CreateChecked(value)]);
    }

    /// <summary>The ModelProto bytes with input <paramref name="input"/> (batch × <paramref name="inputWidth"/>) and output <paramref name="output"/>.</summary>
    public byte[] Write(string graphName, string input, int inputWidth, string output, int outputWidth, int opset, string producerVersion)
    {
        var model = new ProtobufWriter();
        model.WriteInt(1, IrVersion(opset));
        model.WriteString(2, "NativeNet");
        model.WriteString(3, producerVersion);
        model.WriteMessage(8, opsetId =>
        {
            opsetId.WriteString(1, "");
            opsetId.WriteInt(2, opset);
        });
        model.WriteMessage(7, graph =>
        {
            foreach (OnnxNode node in _nodes) graph.WriteMessage(1, w => WriteNode(w, node));
            graph.WriteString(2, graphName);
            foreach (OnnxTensor tensor in _initializers) graph.WriteMessage(5, w => WriteTensor(w, tensor));
            graph.WriteMessage(11, w => WriteValueInfo(w, input, inputWidth));
            graph.WriteMessage(12, w => WriteValueInfo(w, output, outputWidth));
        });
        return model.Written.ToArray();
    }

    // The IR version that introduced the opset: ONNX Runtime refuses a model whose IR version is older than its opset.
    private static long IrVersion(int opset) => opset switch
    {
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    private static void WriteNode(ProtobufWriter w, OnnxNode node)
    {
        foreach (string input in node.Inputs) w.WriteString(1, input);
        foreach (string output in node.Outputs) w.WriteString(2, output);
        w.WriteString(3, node.Name);
        w.WriteString(4, node.OpType);
        foreach (OnnxAttribute attribute in node.Attributes)
            w.WriteMessage(5, a =>
            {
                a.WriteString(1, attribute.Name);
                if (attribute.Float is float f)
                {
                    a.WriteFloat(2, f);
                    a.WriteInt(20, 1);
                }
                else
                {
                    a.WriteInt(3, attribute.Int ?? 0);
                    a.WriteInt(20, 2);
                }
            });
    }

    private static void WriteTensor(ProtobufWriter w, OnnxTensor tensor)
    {
        foreach (long dim in tensor.Dims) w.WriteInt(1, dim);
        w.WriteInt(2, tensor.DataType);
        w.WriteString(8, tensor.Name);
        w.WriteBytes(9, tensor.RawData);
    }

    // A value of shape (batch, width) with the batch left symbolic.
    private static void WriteValueInfo(ProtobufWriter w, string name, int width)
    {
        w.WriteString(1, name);
        w.WriteMessage(2, type => type.WriteMessage(1, tensor =>
        {
            tensor.WriteInt(1, DataType);
            tensor.WriteMessage(2, shape =>
            {
                shape.WriteMessage(1, dim => dim.WriteString(2, "batch"));
                shape.WriteMessage(1, dim => dim.WriteInt(1, width));
            });
        }));
    }
}
