using System.IO;
using System.Text.Json;
using System;

namespace Taskcluster.References.Tests;

/// <summary>The data files copied next to the test assembly.</summary>
internal static class TestData
{
    public static string ApisJsonPath => Path.Combine(AppContext.BaseDirectory, "Data", "apis.json");

    public static string VectorsPath => Path.Combine(AppContext.BaseDirectory, "Data", "taskcluster-client-0.15.3.json");

    public static string QueueReferenceJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ApisJsonPath));
        return document.RootElement.GetProperty("Queue").GetProperty("reference").GetRawText();
    }

    public static JsonElement MockReferenceSection()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(VectorsPath));
        return document.RootElement.GetProperty("routingKeyPatternsMockReference").Clone();
    }
}
