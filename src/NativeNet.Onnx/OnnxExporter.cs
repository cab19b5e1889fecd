using System.Numerics;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Onnx.Graph;

namespace NativeNet.Onnx;

/// <summary>
/// Writes a trained <see cref="Sequential{T}"/> as an ONNX model (opset <see cref="Opset"/>) in its evaluation-mode
/// form, for ONNX Runtime, ML.NET or a browser runtime: one input <c>features</c> (batch × input width), one output
/// <c>scores</c>.
/// </summary>
/// <remarks>
/// <para>
/// Layers map as follows: <see cref="Linear{T}"/> to Gemm (MatMul without a bias), <see cref="BatchNorm{T}"/> to
/// BatchNormalization with its running statistics, <see cref="LayerNorm{T}"/> to LayerNormalization,
/// <see cref="Softmax{T}"/> to Softmax over the last axis, <see cref="Flatten{T}"/> to Flatten; <see cref="Dropout{T}"/>
/// is the identity at evaluation and is left out. A fused activation follows its layer as nodes of its own.
/// </para>
/// <para>
/// The built-in activations map to their operators (Relu, Sigmoid, Tanh, LeakyRelu, Elu, Softplus) or to small
/// subgraphs of opset-17 operators: swish as x·Sigmoid(x), GELU as ½x(1 + Erf(x/√2)), its tanh form as written. An
/// activation declared outside NativeNet has no ONNX form yet: exporting a model that holds one fails with an
/// <see cref="OnnxExportException"/> naming it.
/// </para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exported models declare (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    private const string InputName = "features", OutputName = "scores";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as an ONNX file.</summary>
    /// <param name="model">The model; its input width is <see cref="Sequential{T}.DeclaredInputWidth"/> unless given.</param>
    /// <param name="path">The file to write (replaced atomically: written beside it, then moved over it).</param>
    /// <param name="inputWidth">Values per sample, for a model whose first layers do not declare it.</param>
    /// <exception cref="OnnxExportException">A layer has no ONNX form (the message names it).</exception>
    public static void Export<T>(Sequential<T> model, string path, int? inputWidth = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model, inputWidth);
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The ONNX model bytes of <paramref name="model"/> (see <see cref="Export{T}"/>).</summary>
    /// <exception cref="OnnxExportException">A layer has no ONNX form (the message names it).</exception>
    public static byte[] ToBytes<T>(Sequential<T> model, int? inputWidth = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX tensors are little-endian; exporting on a big-endian machine is not supported.");
        int width = inputWidth ?? model.DeclaredInputWidth
            ?? throw new OnnxExportException($"{model} does not declare its input width in its first layers; pass inputWidth.");
        int outputWidth = OutputWidth(model, width);
        var graph = new OnnxGraphBuilder<T>();
        string x = InputName;
        for (int i = 0; i < model.Layers.Count; i++)
            x = AddLayer(graph, model.Layers[i], $"layer{i}", x, i);
        // The output gets its fixed name from an Identity node, which also covers a model that computes nothing.
        string output = graph.Rename(x, OutputName);
        return graph.Write("nativenet", InputName, width, output, outputWidth, Opset, typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "");
    }

    private static int OutputWidth<T>(Sequential<T> model, int inputWidth) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] shape = [1, inputWidth];
        foreach (Layer<T> layer in model.Layers) shape = layer.OutputShape(shape);
        int width = 1;
        for (int d = 1; d < shape.Length; d++) width *= shape[d];
        return width;
    }

    private static string AddLayer<T>(OnnxGraphBuilder<T> graph, Layer<T> layer, string name, string x, int index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (layer)
        {
            case Linear<T> linear:
            {
                string weight = graph.Constant(name + ".weight", linear.Weight.Value.Span, linear.InFeatures, linear.OutFeatures);
                string y = linear.Bias is null
                    ? graph.Add("MatMul", name, [x, weight])
                    : graph.Add("Gemm", name, [x, weight, graph.Constant(name + ".bias", linear.Bias.Value.Span, linear.OutFeatures)]);
                return linear.Activation is null ? y : AddActivation(graph, linear.Activation, name, y, index);
            }
            case BatchNorm<T> batchNorm:
            {
                string y = graph.Add("BatchNormalization", name,
                    [x, graph.Constant(name + ".weight", batchNorm.Gamma.Value.Span, batchNorm.Features),
                        graph.Constant(name + ".bias", batchNorm.Beta.Value.Span, batchNorm.Features),
                        graph.Constant(name + ".running_mean", batchNorm.RunningMean.Span, batchNorm.Features),
                        graph.Constant(name + ".running_var", batchNorm.RunningVariance.Span, batchNorm.Features)],
                    OnnxAttribute.Of("epsilon", batchNorm.Epsilon));
                return batchNorm.Activation is null ? y : AddActivation(graph, batchNorm.Activation, name, y, index);
            }
            case LayerNorm<T> layerNorm:
            {
                string y = graph.Add("LayerNormalization", name,
                    [x, graph.Constant(name + ".weight", layerNorm.Gamma.Value.Span, layerNorm.Features),
                        graph.Constant(name + ".bias", layerNorm.Beta.Value.Span, layerNorm.Features)],
                    OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", layerNorm.Epsilon));
                return layerNorm.Activation is null ? y : AddActivation(graph, layerNorm.Activation, name, y, index);
            }
            case Dropout<T>:
                return x;
            case Flatten<T>:
                return graph.Add("Flatten", name, [x], OnnxAttribute.Of("axis", 1L));
            case Softmax<T>:
                return graph.Add("Softmax", name, [x], OnnxAttribute.Of("axis", -1L));
            case ElementwiseLayer<T> activation:
                return AddActivation(graph, activation, name, x, index);
            default:
                throw new OnnxExportException($"Layer {index} ({layer}, {layer.GetType().Name}) has no ONNX form.");
        }
    }

    // The activation's operator, or the subgraph of opset-17 operators that computes it.
    private static string AddActivation<T>(OnnxGraphBuilder<T> graph, ElementwiseLayer<T> activation, string layerName, string x, int index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = layerName + "_act";
        switch (activation)
        {
            case Relu<T>: return graph.Add("Relu", name, [x]);
            case Sigmoid<T>: return graph.Add("Sigmoid", name, [x]);
            case Tanh<T>: return graph.Add("Tanh", name, [x]);
            case Softplus<T>: return graph.Add("Softplus", name, [x]);
            case LeakyRelu<T> leaky: return graph.Add("LeakyRelu", name, [x], OnnxAttribute.Of("alpha", leaky.Slope));
            case Elu<T> elu: return graph.Add("Elu", name, [x], OnnxAttribute.Of("alpha", elu.Alpha));
            case Swish<T>:
                return graph.Add("Mul", name, [x, graph.Add("Sigmoid", name, [x])]);
            case Gelu<T>:
            {
                // ½x(1 + erf(x/√2))
                string erf = graph.Add("Erf", name, [graph.Add("Mul", name, [x, graph.Scalar(0.7071067811865476)])]);
                string half = graph.Add("Mul", name, [x, graph.Scalar(0.5)]);
                return graph.Add("Mul", name, [half, graph.Add("Add", name, [erf, graph.Scalar(1.0)])]);
            }
            case GeluTanh<T>:
            {
                // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
                string cube = graph.Add("Mul", name, [graph.Add("Mul", name, [x, x]), x]);
                string inner = graph.Add("Add", name, [x, graph.Add("Mul", name, [cube, graph.Scalar(0.044715)])]);
                string tanh = graph.Add("Tanh", name, [graph.Add("Mul", name, [inner, graph.Scalar(0.7978845608028654)])]);
                string half = graph.Add("Mul", name, [x, graph.Scalar(0.5)]);
                return graph.Add("Mul", name, [half, graph.Add("Add", name, [tanh, graph.Scalar(1.0)])]);
            }
            default:
                throw new OnnxExportException(
                    $"Layer {index}: the activation {activation} ({activation.GetType().FullName}, declared in " +
                    $"{activation.GetType().Assembly.GetName().Name}) has no ONNX form; only the built-in activations export.");
        }
    }
}
