using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>The two reference kinds a client is generated from; a deployment also publishes others (logs, metrics).</summary>
public enum DeploymentReferenceKind
{
    /// <summary>An API reference (<c>$schema</c> ends with <c>api-reference-v0.json#</c>).</summary>
    Api,

    /// <summary>An exchanges reference (<c>$schema</c> ends with <c>exchanges-reference-v0.json#</c>).</summary>
    Exchanges,
}

/// <summary>One builtin reference: a service and the kind of reference taken from it.</summary>
/// <param name="Service">The TaskCluster service name, for example <c>worker-manager</c>.</param>
/// <param name="Kind">API or exchanges.</param>
public sealed record BuiltinReference(string Service, DeploymentReferenceKind Kind)
{
    /// <summary>The name in <c>apis.json</c> and the generated class: <c>WorkerManager</c>, <c>WorkerManagerEvents</c>.</summary>
    public string ClassName => BuiltinServices.ClassName(Service, Kind);
}

/// <summary>Which references of a deployment become builtin clients, what they are called, and how kinds are told apart.</summary>
public static class BuiltinServices
{
    /// <summary>
    /// The references the SDK ships as builtin clients: the same set today's official TaskCluster clients ship
    /// (taskcluster-client 87.x: Auth … WorkerManagerEvents). A deployment publishes two more services that are left
    /// out on purpose: <c>web-server</c>, whose API is the web UI's own back end (health checks and profiler
    /// pages, not something a program drives), and <c>built-in-workers</c>, which publishes no API or exchanges at
    /// all. Kinds other than API and exchanges (logs, metrics) describe a service's operation, not its interface.
    /// </summary>
    public static readonly IReadOnlyList<BuiltinReference> Set = new[]
    {
        new BuiltinReference("auth", DeploymentReferenceKind.Api),
        new BuiltinReference("auth", DeploymentReferenceKind.Exchanges),
        new BuiltinReference("github", DeploymentReferenceKind.Api),
        new BuiltinReference("github", DeploymentReferenceKind.Exchanges),
        new BuiltinReference("hooks", DeploymentReferenceKind.Api),
        new BuiltinReference("hooks", DeploymentReferenceKind.Exchanges),
        new BuiltinReference("index", DeploymentReferenceKind.Api),
        new BuiltinReference("notify", DeploymentReferenceKind.Api),
        new BuiltinReference("notify", DeploymentReferenceKind.Exchanges),
        new BuiltinReference("object", DeploymentReferenceKind.Api),
        new BuiltinReference("purge-cache", DeploymentReferenceKind.Api),
        new BuiltinReference("queue", DeploymentReferenceKind.Api),
        new BuiltinReference("queue", DeploymentReferenceKind.Exchanges),
        new BuiltinReference("secrets", DeploymentReferenceKind.Api),
        new BuiltinReference("worker-manager", DeploymentReferenceKind.Api),
        new BuiltinReference("worker-manager", DeploymentReferenceKind.Exchanges),
    };

    /// <summary>Whether the builtin set includes this service's reference of this kind.</summary>
    /// <param name="service">The service name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>True when it becomes a builtin client.</returns>
    public static bool Includes(string service, DeploymentReferenceKind kind)
    {
        foreach (var builtin in Set)
        {
            if (builtin.Kind == kind && string.Equals(builtin.Service, service, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The class name for a service's reference: <c>purge-cache</c> api → <c>PurgeCache</c>, <c>queue</c> exchanges → <c>QueueEvents</c>.</summary>
    /// <remarks>
    /// One exception: the <c>object</c> service's client is <c>ObjectService</c>. A class <c>Taskcluster.Object</c>
    /// would make every <c>Object.ReferenceEquals</c> (and any other use of <c>System.Object</c> by that name) in a
    /// file that says <c>using Taskcluster;</c> ambiguous, breaking code that never touched the service. <c>Index</c>
    /// keeps its name: the original client's users know it by it, and <c>System.Index</c> is rarely named in code.
    /// </remarks>
    /// <param name="service">The service name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The class name, also the reference's name in <c>apis.json</c>.</returns>
    public static string ClassName(string service, DeploymentReferenceKind kind)
    {
        string name = CSharpNames.ClassName(service);
        if (name == "Object") name = "ObjectService";
        return name + (kind == DeploymentReferenceKind.Exchanges ? "Events" : string.Empty);
    }

    /// <summary>
    /// What kind of deployment reference a document is, judged by its <c>$schema</c> the way TaskCluster's own
    /// readers judge it, or null for a kind the SDK does not read.
    /// </summary>
    /// <param name="reference">The reference JSON.</param>
    /// <param name="kindName">The kind's short name for messages (<c>api</c>, <c>logs</c>, …), or null without a <c>$schema</c>.</param>
    /// <returns>API, exchanges, or null.</returns>
    public static DeploymentReferenceKind? KindOf(JsonElement reference, out string? kindName)
    {
        kindName = null;
        if (reference.ValueKind != JsonValueKind.Object
            || !reference.TryGetProperty("$schema", out var schema) || schema.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        string text = schema.GetString()!;
        // "/schemas/common/logs-reference-v0.json#" → "logs".
        string file = text.Substring(text.LastIndexOf('/') + 1);
        int cut = file.IndexOf("-reference", StringComparison.Ordinal);
        kindName = cut > 0 ? file.Substring(0, cut) : file;
        if (text.EndsWith("/api-reference-v0.json#", StringComparison.Ordinal)) return DeploymentReferenceKind.Api;
        if (text.EndsWith("/exchanges-reference-v0.json#", StringComparison.Ordinal)) return DeploymentReferenceKind.Exchanges;
        return null;
    }

    /// <summary>Whether a stored reference came from a deployment (it declares one of the two kinds by <c>$schema</c>).</summary>
    /// <param name="reference">The reference JSON.</param>
    /// <returns>True for today's format; false for 2014 references, which have no <c>$schema</c>.</returns>
    public static bool IsDeploymentReference(JsonElement reference) => KindOf(reference, out _) is not null;
}
