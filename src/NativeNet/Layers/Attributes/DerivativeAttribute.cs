namespace NativeNet.Layers;

/// <summary>
/// Supplies the derivative of an <see cref="ElementwiseAttribute"/> function by hand instead of letting the generator
/// differentiate it: use it when the function calls something the generator does not know.
/// </summary>
/// <remarks>
/// The named method lives in the same type and has the same parameters; it returns f′(x). When its body uses only
/// supported operations it is vectorized like a generated derivative; otherwise the backward pass calls it per element.
/// </remarks>
/// <param name="methodName">The derivative method, usually written <c>nameof(MyFunctionDerivative)</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeAttribute(string methodName) : Attribute
{
    /// <summary>The derivative method's name.</summary>
    public string MethodName { get; } = methodName;
}
