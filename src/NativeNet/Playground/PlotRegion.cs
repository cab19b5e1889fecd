namespace NativeNet.Playground;

/// <summary>A rectangle of the plane, x ∈ [<paramref name="XMin"/>, <paramref name="XMax"/>], y ∈ [<paramref name="YMin"/>, <paramref name="YMax"/>].</summary>
/// <param name="XMin">Left edge.</param>
/// <param name="XMax">Right edge (greater than <paramref name="XMin"/>).</param>
/// <param name="YMin">Bottom edge.</param>
/// <param name="YMax">Top edge (greater than <paramref name="YMin"/>).</param>
public readonly record struct PlotRegion(double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>The smallest region holding this one and the point (<paramref name="x"/>, <paramref name="y"/>), ignoring non-finite coordinates.</summary>
    public PlotRegion Including(double x, double y) =>
        !double.IsFinite(x) || !double.IsFinite(y)
            ? this
            : new PlotRegion(Math.Min(XMin, x), Math.Max(XMax, x), Math.Min(YMin, y), Math.Max(YMax, y));

    /// <summary>This region grown by <paramref name="fraction"/> of its width and height on every side.</summary>
    public PlotRegion Padded(double fraction)
    {
        double dx = (XMax - XMin) * fraction, dy = (YMax - YMin) * fraction;
        return new PlotRegion(XMin - dx, XMax + dx, YMin - dy, YMax + dy);
    }
}
