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
/// template below the service's path prefix), so the stand-in serves exactly the routes the clients are generated
/// from: no hand-copied route table.
/// </summary>
internal sealed class ReferenceRouter
{
    private readonly List<(string[] Prefix, ILocalService Service, List<CompiledRoute> Routes)> _services = new();
    private readonly RequestAuthenticator _authenticator;

    public ReferenceRouter(IEnumerable<ILocalService> services, RequestAuthenticator authenticator)
    {
        _authenticator = authenticator;
        foreach (var service in services)
        {
            var routes = new List<CompiledRoute>();
            foreach (var entry in service.Entries) routes.Add(CompiledRoute.Compile(entry));
            _services.Add((service.PathPrefix.Trim('/').Split('/'), service, routes));
        }
    }

    public async Task HandleAsync(HttpContext context, string rawPath, string rawTarget)
    {
        string[] segments = rawPath.TrimStart('/').Split('/');
        var service = FindService(segments);
        if (service is not { } found)
        {
            await WriteErrorAsync(context, ServiceError.NotFound($"No service of the stand-in serves '{rawPath}'."), null).ConfigureAwait(false);
            return;
        }

        ApiEntry? entry = null;
        Dictionary<string, string>? values = null;
        bool pathMatched = false;
        foreach (var route in found.Routes)
        {
            var matched = route.Match(segments, found.Prefix.Length);
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
                : ServiceError.NotFound($"No {found.Service.Name} entry matches '{rawPath}'.");
            await WriteErrorAsync(context, error, null).ConfigureAwait(false);
            return;
        }

        // Said before anything else: no credentials or payload would make an unimplemented entry work.
        if (!found.Service.Handlers.TryGetValue(entry.Name, out var handler))
        {
            var error = ServiceError.NotImplemented(
                $"The stand-in does not implement {found.Service.Name}.{entry.Name}; see the README for the entries it answers.");
            await WriteErrorAsync(context, error, entry).ConfigureAwait(false);
            return;
        }

        try
        {
            byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            var caller = _authenticator.Authenticate(
                context.Request.Method, rawTarget, context.Request.Host.Host, context.Request.Host.Port ?? 80,
                context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body);
            JsonNode? payload = ParsePayload(entry, body);
            object? input = found.Service.Inputs.TryGetValue(entry.Name, out var model) ? model.Read(payload, $"'{entry.Name}' payload") : null;
            var query = ParseQuery(entry, rawTarget);

            var parameters = ScopeParameters(entry, found.Service, values, payload, input);
            ScopeCheck.Demand(entry, caller, parameters);

            var response = await handler(new ServiceRequest(entry, values, query, payload, input, caller)).ConfigureAwait(false);
            await WriteAsync(context, response).ConfigureAwait(false);
        }
        catch (ServiceError error)
        {
            await WriteErrorAsync(context, error, entry).ConfigureAwait(false);
        }
    }

    private (string[] Prefix, ILocalService Service, List<CompiledRoute> Routes)? FindService(string[] segments)
    {
        foreach (var candidate in _services)
        {
            if (segments.Length < candidate.Prefix.Length) continue;
            bool matches = true;
            for (int i = 0; i < candidate.Prefix.Length && matches; i++) matches = segments[i] == candidate.Prefix[i];
            if (matches) return candidate;
        }
        return null;
    }

    /// <summary>
    /// The values a scope expression is evaluated with. Route values first; then what the service adds (a task's
    /// schedulerId, createTask's priorities), which a payload field of the same name cannot override; then the
    /// payload's own strings, string arrays (for <c>for</c>/<c>each</c>) and booleans (for <c>if</c>).
    /// </summary>
    /// <remarks>
    /// The payload's fields are taken from the parsed JSON rather than the model: a scope expression names payload
    /// properties by their JSON names, whatever entry it belongs to, and the model has already checked their types.
    /// </remarks>
    private static Dictionary<string, object?> ScopeParameters(
        ApiEntry entry, ILocalService service, Dictionary<string, string> routeValues, JsonNode? payload, object? input)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in routeValues) parameters[pair.Key] = pair.Value;
        var added = new Dictionary<string, object?>(StringComparer.Ordinal);
        service.AddScopeParameters(entry, routeValues, input, added);
        foreach (var pair in added) parameters.TryAdd(pair.Key, pair.Value);
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
                else if (field.Value is JsonValue value)
                {
                    if (value.TryGetValue(out string? text)) parameters.TryAdd(field.Key, text);
                    else if (value.TryGetValue(out bool flag)) parameters.TryAdd(field.Key, flag);
                }
            }
        }
        return parameters;
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

    /// <summary>The query values the entry declares, decoded; others (a bewit among them) are not the service's business.</summary>
    private static Dictionary<string, string> ParseQuery(ApiEntry entry, string rawTarget)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        int start = rawTarget.IndexOf('?');
        if (start < 0) return query;
        foreach (string pair in rawTarget.Substring(start + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1));
            foreach (string declared in entry.Query)
            {
                if (declared == name) query[name] = value;
            }
        }
        return query;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Writes an answer: the one place the stand-in's JSON answers are serialized, each with its model's metadata.</summary>
    internal static async Task WriteAsync(HttpContext context, ServiceResponse response)
    {
        byte[]? body;
        try
        {
            // Serialized before the status goes out, so that a model the stand-in filled in wrongly (an enum left
            // Unknown, a required member left null) is a 500 that says what went wrong, not half an answer.
            body = response.SerializeBody();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            var error = new ServiceError(500, "InternalServerError", $"The stand-in could not write its answer: {exception.Message}");
            await WriteErrorAsync(context, error, null).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = response.Status;
        if (response.Location is not null) context.Response.Headers.Location = response.Location;
        if (response.Headers is not null)
        {
            foreach (var header in response.Headers) context.Response.Headers[header.Key] = header.Value;
        }
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }

    internal static Task WriteErrorAsync(HttpContext context, ServiceError error, ApiEntry? entry)
    {
        // Error bodies have no schema in the references, so they are plain JSON.
        var body = error.Body ?? new JsonObject
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
        return WriteAsync(context, ServiceResponse.Json(error.Status, body));
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
                // Each value arrives percent-encoded as one segment ('/' inside it is %2F, as in a taskQueueId or
                // an artifact name); decode it here.
                values[_parameters[i]!] = Uri.UnescapeDataString(segment);
            }
            return values ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
