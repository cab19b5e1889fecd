using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NativeNet.Generators;
using NativeNet.Layers;

namespace NativeNet.Tests.Generators;

/// <summary>Runs <see cref="LayerGenerator"/> on in-memory sources with CSharpGeneratorDriver.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // Named explicitly: an assembly only shows up in the AppDomain once something has used it.
        Assembly[] required = [typeof(Layer<>).Assembly, typeof(Assert).Assembly, typeof(FactAttribute).Assembly, typeof(object).Assembly];
        return AppDomain.CurrentDomain.GetAssemblies().Concat(required)
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Select(a => a.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(location => (MetadataReference)MetadataReference.CreateFromFile(location))
            .ToImmutableArray();
    });

    public const string GlobalUsings = "global using System; global using System.Collections.Generic; global using System.Linq;";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(assemblyName,
            sources.Append(GlobalUsings).Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true, optimizationLevel: OptimizationLevel.Release));

    public static GeneratorDriver CreateDriver(bool optIn) =>
        CSharpGeneratorDriver.Create(
            [new LayerGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new OptionsProvider(optIn ? new Dictionary<string, string> { ["build_property.NativeNetGenerateGradientChecks"] = "true" } : []),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns the run result and the compilation with the generated sources.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, GeneratorDriver Driver) Run(CSharpCompilation compilation, bool optIn = false)
    {
        var driver = CreateDriver(optIn).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output, driver);
    }

    public static string Generated(GeneratorDriverRunResult result, string hintName) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Compiles and loads the assembly (its names must not clash with other layers in this process).</summary>
    public static Assembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Runs every [Fact] of the generated gradient-check class of <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<string> RunGeneratedTests(Assembly assembly)
    {
        string className = "NativeNet.Generated.GradientChecks." + assembly.GetName().Name!.Replace(".", "") + "GradientChecks";
        var type = assembly.GetType(className) ?? throw new InvalidOperationException($"{className} was not generated.");
        var instance = Activator.CreateInstance(type)!;
        var ran = new List<string>();
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null))
        {
            try
            {
                method.Invoke(instance, null);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
            ran.Add(method.Name);
        }
        return ran;
    }

    /// <summary>The repository root (where NativeNet.sln is), for snapshots and docs.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NativeNet.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("NativeNet.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class OptionsProvider(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new([]);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
