using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>Gives AdditionalFiles the item metadata MSBuild would pass as <c>build_metadata.AdditionalFiles.*</c>.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions s_empty = new(new Dictionary<string, string>());
    private readonly Dictionary<string, TestOptions> _byPath;

    public TestOptionsProvider(Dictionary<string, Dictionary<string, string>> metadataByPath)
    {
        _byPath = new Dictionary<string, TestOptions>(StringComparer.Ordinal);
        foreach (var pair in metadataByPath)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var metadata in pair.Value) options["build_metadata.AdditionalFiles." + metadata.Key] = metadata.Value;
            _byPath[pair.Key] = new TestOptions(options);
        }
    }

    public override AnalyzerConfigOptions GlobalOptions => s_empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => _byPath.TryGetValue(textFile.Path, out var options) ? options : s_empty;

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public TestOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
