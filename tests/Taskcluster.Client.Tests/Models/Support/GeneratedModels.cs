using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskcluster.Client.Tests.Models.Support;

/// <summary>
/// The models compiled into Taskcluster.Client, found through each service context's internal
/// <c>SchemaLocations()</c> table (type ↔ schema location).
/// </summary>
internal static class GeneratedModels
{
    /// <summary>The generated serializer context of every builtin service.</summary>
    public static IReadOnlyList<Type> Contexts { get; } = typeof(ApiClient).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("Taskcluster.Models.", StringComparison.Ordinal) == true && t.IsSubclassOf(typeof(JsonSerializerContext)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    private static readonly Lazy<Dictionary<string, Type>> s_byLocation = new(() =>
    {
        var byLocation = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var context in Contexts)
        {
            var method = context.GetMethod("SchemaLocations", BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException(context.FullName + " has no SchemaLocations()");
            foreach (var (type, location) in ((Type Type, string SchemaLocation)[])method.Invoke(null, null)!) byLocation.Add(location, type);
        }
        return byLocation;
    });

    /// <summary>Every generated type by the location of its schema.</summary>
    public static IReadOnlyDictionary<string, Type> ByLocation => s_byLocation.Value;

    public static string LocationOf(Type type) => ByLocation.Single(p => p.Value == type).Key;

    /// <summary>The models' enums, unions (abstract classes) and object classes (including union branches).</summary>
    public static IEnumerable<Type> Enums => ByLocation.Values.Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<Type> Unions => ByLocation.Values.Where(t => t.IsClass && t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<Type> Objects => ByLocation.Values.Where(t => t.IsClass && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal);

    /// <summary>
    /// The C# property of <paramref name="model"/> that holds JSON property <paramref name="jsonName"/>: its name in
    /// PascalCase, or that with <c>Value</c> appended (the generator's rule for names it cannot use as they are).
    /// </summary>
    public static PropertyInfo Property(Type model, string jsonName)
    {
        var pascal = new StringBuilder();
        bool upper = true;
        foreach (char c in jsonName)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            pascal.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        var found = new[] { pascal.ToString(), pascal + "Value" }
            .Select(name => model.GetProperty(name, BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p is not null)
            .ToList();
        return found.Count == 1 ? found[0]! : throw new InvalidOperationException($"{model.Name} has {found.Count} properties for JSON \"{jsonName}\"");
    }

    /// <summary>Options that escape only what JSON requires, so written text can be compared with a file's text.</summary>
    public static JsonSerializerOptions Relaxed { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
