namespace NativeNet.Generators.Model;

/// <summary>A layer's gradient-check settings as declared by its attribute.</summary>
internal sealed record CheckRecipe(string? Factory, EquatableArray<int> InputShape, bool Training, double Tolerance, double InputLow, double InputHigh, int Seed);
