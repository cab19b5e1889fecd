using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// A preprocessing step whose statistics were fitted on the training split and that is then applied, unchanged,
/// to the training, validation and test features.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IFeatureTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Transforms <paramref name="features"/> (shape (N, ...)) in place.</summary>
    /// <exception cref="ArgumentException">The sample shape differs from the one the transform was fitted on.</exception>
    void Apply(NdArray<T> features);
}
