using NativeNet.Kernels;

namespace NativeNet.Tests.Kernels;

/// <summary>The engine's public shapes: unary and binary maps, and rows with a per-feature vector.</summary>
public class ElementwiseTests
{
    private readonly struct Square : IUnaryOperator<float>
    {
        public TVector Invoke<TLanes, TVector>(TVector x)
            where TLanes : struct, IVectorLanes<float, TVector>
            where TVector : unmanaged => TLanes.Multiply(x, x);
    }

    private readonly struct ScaleBy : IBinaryOperator<float>
    {
        public TVector Invoke<TLanes, TVector>(TVector x, TVector y)
            where TLanes : struct, IVectorLanes<float, TVector>
            where TVector : unmanaged => TLanes.Multiply(x, y);
    }

    [Fact]
    public void MapsEveryElementWhateverTheLength()
    {
        foreach (int n in new[] { 0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 100 })
        {
            float[] x = [.. Enumerable.Range(0, n).Select(i => i - 10f)];
            float[] y = new float[n];
            Elementwise.Map<float, Square>(x, y, default);
            Assert.Equal(x.Select(v => v * v), y);
            float[] z = new float[n];
            Elementwise.Map<float, ScaleBy>(x, y, z, default);
            Assert.Equal(x.Select(v => v * v * v), z);
        }
    }

    [Fact]
    public void MapRowsAppliesThePerFeatureVectorToEveryRow()
    {
        float[] x = [.. Enumerable.Range(0, 3 * 11).Select(i => (float)i)];
        float[] v = [.. Enumerable.Range(1, 11).Select(i => (float)i)];
        float[] z = new float[x.Length];
        Elementwise.MapRows<float, ScaleBy>(x, v, z, default);
        Assert.Equal(x.Select((value, i) => value * v[i % 11]), z);
    }

    [Fact]
    public void ShapesThatDisagreeAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Elementwise.Map<float, Square>(new float[3], new float[4], default));
        Assert.Throws<ArgumentException>(() => Elementwise.Map<float, ScaleBy>(new float[3], new float[3], new float[2], default));
        Assert.Throws<ArgumentException>(() => Elementwise.MapRows<float, ScaleBy>(new float[10], new float[3], new float[10], default));
        Assert.Throws<ArgumentException>(() => Elementwise.MapRows<float, ScaleBy>(new float[0], new float[3], new float[3], default));
    }
}
