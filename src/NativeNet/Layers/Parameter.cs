using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// A trainable tensor and its gradient, with the name under which optimizers and checkpoints know it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a parameter whose gradient has the value's shape and starts at zero.</summary>
    /// <param name="name">The parameter's name within its layer, e.g. <c>weight</c>.</param>
    /// <param name="value">The tensor that is trained.</param>
    /// <param name="isWeight">Whether weight penalties (L1/L2, weight decay) apply by default; false for biases and norm shifts.</param>
    public Parameter(string name, NdArray<T> value, bool isWeight = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Grad = new NdArray<T>(value.Shape.ToArray());
        IsWeight = isWeight;
    }

    /// <summary>The name: the layer-local name, or the qualified one (<c>fc1.weight</c>) once a model has named its layers.</summary>
    public string Name { get; internal set; }

    /// <summary>The trained values.</summary>
    public NdArray<T> Value { get; private set; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>; backward passes accumulate into it.</summary>
    public NdArray<T> Grad { get; }

    /// <summary>Whether weight penalties and weight decay apply (true for weights, false for biases and shifts).</summary>
    public bool IsWeight { get; set; }

    /// <summary>Number of scalar values.</summary>
    public int Length => Value.Length;

    // Makes this parameter read and write the values of source (the model's parameter, for a replica of it); the
    // gradient stays this one's.
    internal void ShareValue(Parameter<T> source)
    {
        if (!source.Value.HasShape(Value.Shape))
            throw new ArgumentException($"{Name} {Value.ShapeString} cannot share the values of {source}.", nameof(source));
        Value = source.Value;
    }

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGrad() => Grad.Clear();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Value.ShapeString}";
}
