using System;
using System.IO;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>The reference files copied next to the tests.</summary>
internal static class ReferenceFiles
{
    /// <summary>The 2014 references (tests/Data/apis-2014.json): the older format, emitted and checked against baselines.</summary>
    public static string ApisJsonPath => Path.Combine(AppContext.BaseDirectory, "References", "apis.json");

    public static string ApisJson => File.ReadAllText(ApisJsonPath);

    /// <summary>The builtin references of today (references/apis.json).</summary>
    public static string BuiltinApisJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "References", "builtin-apis.json"));

    /// <summary>Joins lines with '\n', so tests can state the line each piece of JSON is on.</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines);
}
