using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Taskcluster.Local;

/// <summary>
/// Dispatches requests to services by matching them against the reference entries themselves (method and route
/// template), so the stand-in serves exactly the routes the clients are generated from: no hand-copied route table.
/// </summary>
internal sealed class ReferenceRouter
{
    private readonly Dictionary<string, (ILocalService Service, List<CompiledRoute> Routes)> _services = new(StringComparer.Ordinal);
    private readonly RequestAuthenticator _authenticator;

    public ReferenceRouter(IEnumerable<ILocalService> services, RequestAuthenticator authenticator)
    {
        _authenticator = authenticator;
        foreach (var service in services)
        {
            var routes = new List<CompiledRoute>();
            foreach (var entry in service.Entries) routes.Add(CompiledRoute.Compile(entry));
            _services[service.Name] = (service, routes);
        }
    }

    public async Task HandleAsync(HttpContext context, string rawPath, string rawTarget)
    {
        string[] segments = rawPath.TrimStart('/').Split('/');
        if (segments.Length < 2 || !_services.TryGetValue(segments[0], out var service) || segments[1] != "v1")
        {
            await WriteErrorAsync(context, ServiceError.NotFound($"No service serves '{rawPath}'."), null).ConfigureAwait(false);
            return;
        }

        ApiEntry? entry = null;
        Dictionary<string, string>? values = null;
        bool pathMatched = false;
        foreach (var route in service.Routes)
        {
            var matched = route.Match(segments, 2);
            if (matched is null) continue;
            pathMatched = true;
            if (!string.Equals(route.Entry.Method.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            entry = route.Entry;
            values = matched;
            break;
        }
        if (entry is null || values is null)
        {
            var error = pathMatched
                ? new ServiceError(405, "MethodNotAllowed", $"{context.Request.Method} is not allowed on '{rawPath}'.")
                : ServiceError.NotFound($"No {service.Service.Name} entry matches '{rawPath}'.");
            await WriteErrorAsync(context, error, null).ConfigureAwait(false);
            return;
        }

        try
        {
            byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            var caller = _authenticator.Authenticate(
                context.Request.Method, rawTarget, context.Request.Host.Host, context.Request.Host.Port ?? 80,
                context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body);
            JsonNode? payload = ParsePayload(entry, body);

            var parameters = new Dictionary<string, string>(values, StringComparer.Ordinal);
            if (payload is JsonObject fields)
            {
                foreach (var field in fields)
                {
                    if (field.Value is JsonValue value && value.TryGetValue(out string? text)) parameters.TryAdd(field.Key, text);
                }
            }
            service.Service.AddScopeParameters(entry, values, payload, parameters);
            var scopeParameters = ScopeParameters(parameters, payload);
            if (entry.Scopes is { } required && !required.IsSatisfiedBy(caller.Scopes, scopeParameters))
            {
                throw new ServiceError(403, "InsufficientScopes",
                    $"'{entry.Name}' needs {Describe(required, scopeParameters)}; " +
                    $"client '{caller.ClientId ?? "(anonymous)"}' has: [{string.Join(", ", caller.Scopes)}].");
            }

            var pending = service.Service.Handle(new ServiceRequest(entry, values, payload, caller))
                ?? throw new ServiceError(501, "NotImplemented", $"The stand-in does not implement '{entry.Name}'.");
            var response = await pending.ConfigureAwait(false);
            await WriteAsync(context, response).ConfigureAwait(false);
        }
        catch (ServiceError error)
        {
            await WriteErrorAsync(context, error, entry).ConfigureAwait(false);
        }
    }

    private static JsonNode? ParsePayload(ApiEntry entry, byte[] body)
    {
        if (body.Length == 0)
        {
            if (entry.HasInput) throw ServiceError.BadRequest($"'{entry.Name}' needs a JSON payload.");
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException exception)
        {
            throw ServiceError.BadRequest($"The payload is not valid JSON: {exception.Message}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    internal static async Task WriteAsync(HttpContext context, ServiceResponse response)
    {
        context.Response.StatusCode = response.Status;
        if (response.Location is not null) context.Response.Headers.Location = response.Location;
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body.ToJsonString()).ConfigureAwait(false);
        }
    }

    internal static Task WriteErrorAsync(HttpContext context, ServiceError error, ApiEntry? entry)
    {
        var body = new JsonObject
        {
            ["code"] = error.Code,
            ["message"] = error.Message,
            ["requestInfo"] = new JsonObject
            {
                ["method"] = entry?.Name,
                ["path"] = context.Features.Get<IHttpRequestFeature>()?.RawTarget,
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
            },
        };
        return WriteAsync(context, new ServiceResponse(error.Status, body));
    }

    /// <summary>
    /// The values a scope expression is evaluated with: strings from the route, payload and task, plus the payload's
    /// string arrays (for <c>for</c>/<c>each</c>) and booleans (for <c>if</c>).
    /// </summary>
    private static Dictionary<string, object?> ScopeParameters(Dictionary<string, string> strings, JsonNode? payload)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in strings) parameters[pair.Key] = pair.Value;
        if (payload is JsonObject fields)
        {
            foreach (var field in fields)
            {
                if (field.Value is JsonArray array)
                {
                    var items = new List<string>();
                    foreach (var item in array)
                    {
                        if (item is JsonValue value && value.TryGetValue(out string? text)) items.Add(text);
                    }
                    parameters.TryAdd(field.Key, items);
                }
                else if (field.Value is JsonValue value && value.TryGetValue(out bool flag))
                {
                    parameters.TryAdd(field.Key, flag);
                }
            }
        }
        return parameters;
    }

    /// <summary>The scopes the request needed, filled in where the request had the values, as TaskCluster reports them.</summary>
    private static string Describe(ScopeExpression required, Dictionary<string, object?> parameters)
    {
        try
        {
            return required.Expand(parameters).ToString();
        }
        catch (ArgumentException)
        {
            return required.ToString();
        }
    }

    /// <summary>A route template split into literal segments and parameter slots.</summary>
    private sealed class CompiledRoute
    {
        private readonly string?[] _literals; // null where the segment is a parameter
        private readonly string?[] _parameters;

        private CompiledRoute(ApiEntry entry, string?[] literals, string?[] parameters)
        {
            Entry = entry;
            _literals = literals;
            _parameters = parameters;
        }

        public ApiEntry Entry { get; }

        public static CompiledRoute Compile(ApiEntry entry)
        {
            string[] parts = entry.Route.TrimStart('/').Split('/');
            var literals = new string?[parts.Length];
            var parameters = new string?[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i].StartsWith('<') && parts[i].EndsWith('>')) parameters[i] = parts[i][1..^1];
                else literals[i] = parts[i];
            }
            return new CompiledRoute(entry, literals, parameters);
        }

        public Dictionary<string, string>? Match(string[] segments, int offset)
        {
            if (segments.Length - offset != _literals.Length) return null;
            Dictionary<string, string>? values = null;
            for (int i = 0; i < _literals.Length; i++)
            {
                string segment = segments[offset + i];
                if (_literals[i] is { } literal)
                {
                    if (!string.Equals(literal, segment, StringComparison.Ordinal)) return null;
                    continue;
                }
                if (segment.Length == 0) return null;
                values ??= new Dictionary<string, string>(StringComparer.Ordinal);
                // Each value arrives percent-encoded as one segment (so '/' inside it is %2F); decode it here.
                values[_parameters[i]!] = Uri.UnescapeDataString(segment);
            }
            return values ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
