using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;

namespace NativeNet.Layers;

/// <summary>
/// An <see cref="ElementwiseLayer{T}"/> made of two operators that the engine (<see cref="Elementwise"/>) runs at
/// every vector width: the function and its derivative. The generator derives every declared activation from it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TFunction">y = f(x).</typeparam>
/// <typeparam name="TDerivative">dx = dy·f′ from (saved, dy), the saved value being y or x as <see cref="ElementwiseLayer{T}.BackwardReadsOutput"/> says.</typeparam>
public abstract class ElementwiseLayer<T, TFunction, TDerivative> : ElementwiseLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : struct, IUnaryOperator<T>
    where TDerivative : struct, IBinaryOperator<T>
{
    private readonly TFunction _function;
    private readonly TDerivative _derivative;

    /// <summary>Creates the layer from its operators.</summary>
    /// <param name="function">y = f(x).</param>
    /// <param name="derivative">dx = dy·f′ from (saved, dy).</param>
    /// <param name="backwardReadsOutput">Whether the derivative reads y (else x).</param>
    protected ElementwiseLayer(TFunction function, TDerivative derivative, bool backwardReadsOutput)
        : base(backwardReadsOutput)
    {
        _function = function;
        _derivative = derivative;
    }

    /// <summary>A constant of the function in the element type, checked finite (for the generated constructors).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    protected static T Constant(double value, string name) =>
        double.IsFinite(value) ? T.CreateTruncating(value) : throw new ArgumentOutOfRangeException(name, value, "The constant must be finite.");

    internal sealed override void Apply(ref T x, nuint xStride, ref T bias, ref T preActivation, nuint preActivationStride,
        ref T y, nuint yStride, nuint rows, nuint columns)
    {
        var kernel = new BiasActivationRows<T, TFunction>(ref x, xStride, ref bias, ref preActivation, preActivationStride, ref y, yStride, _function);
        Elementwise.ForEachRow<T, BiasActivationRows<T, TFunction>>(ref kernel, rows, columns);
    }

    internal sealed override void Gradient(ReadOnlySpan<T> saved, ReadOnlySpan<T> dy, Span<T> dx) =>
        Elementwise.Map(saved, dy, dx, _derivative);
}
