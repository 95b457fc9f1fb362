using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// Today's auth service over the stand-in's fixed client table: a client's details, the clients listed, the caller's
/// own scopes, and scope sets normalized. The stand-in has no roles, so nothing expands further, and its clients are
/// fixed at start, so the entries that change clients or roles are not implemented.
/// </summary>
internal sealed class AuthService : ILocalService
{
    private readonly LocalContext _context;

    public AuthService(LocalContext context)
    {
        _context = context;
        Entries = new Auth(new ClientOptions { RootUrl = "http://localhost" }).Entries;
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["client"] = request => ServiceResponse.JsonAsync(Describe(Find(request.Route("clientId")))),
            ["listClients"] = request => ServiceResponse.JsonAsync(ListClients(request)),
            ["currentScopes"] = request => ServiceResponse.JsonAsync(ScopeSet(request.Caller.Scopes)),
            ["expandScopes"] = request => ServiceResponse.JsonAsync(ScopeSet(ServiceRequest.StringList(request.RequirePayloadObject(), "scopes", "expandScopes"))),
        };
    }

    public string Name => "auth";

    public string PathPrefix => "/api/auth/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public IReadOnlyDictionary<string, InputModel> Inputs { get; } = new Dictionary<string, InputModel>(StringComparer.Ordinal);

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private JsonObject ListClients(ServiceRequest request)
    {
        string prefix = request.QueryValue("prefix") ?? string.Empty;
        var matching = _context.Clients
            .Where(client => client.ClientId.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(client => client.ClientId, StringComparer.Ordinal);
        var page = Paging.Page(matching, client => client.ClientId, request, out var token);
        var clients = new JsonArray();
        foreach (var client in page) clients.Add(Describe(client));
        return new JsonObject { ["clients"] = clients }.WithToken(token);
    }

    /// <summary>A client as get-client-response describes it; the access token is never part of it.</summary>
    private JsonObject Describe(LocalClient client)
    {
        string started = LocalContext.Iso(_context.Now.AddSeconds(-_context.UptimeSeconds));
        return new JsonObject
        {
            ["clientId"] = client.ClientId,
            ["description"] = client == _context.RootClient ? "The stand-in's root client, made at start." : "A client given to the stand-in at start.",
            ["expires"] = LocalContext.Iso(_context.Now.AddYears(1)),
            ["created"] = started,
            ["lastModified"] = started,
            ["lastDateUsed"] = started,
            ["lastRotated"] = started,
            ["scopes"] = Array(client.Scopes),
            ["expandedScopes"] = Array(Normalize(client.Scopes)),
            ["disabled"] = false,
            ["deleteOnExpiration"] = false,
        };
    }

    private LocalClient Find(string clientId)
        => _context.Clients.FirstOrDefault(client => client.ClientId == clientId)
            ?? throw ServiceError.NotFound($"Client '{clientId}' does not exist.");

    private static JsonObject ScopeSet(IEnumerable<string> scopes) => new() { ["scopes"] = Array(Normalize(scopes)) };

    /// <summary>
    /// A scope set in TaskCluster's normal form: sorted, without duplicates, and without scopes that a star scope
    /// in the same set already covers.
    /// </summary>
    internal static List<string> Normalize(IEnumerable<string> scopes)
    {
        var distinct = scopes.Distinct(StringComparer.Ordinal).ToList();
        var stars = distinct.Where(scope => scope.EndsWith("*", StringComparison.Ordinal)).ToList();
        return distinct
            .Where(scope => !stars.Any(star => star != scope && scope.StartsWith(star.Substring(0, star.Length - 1), StringComparison.Ordinal)))
            .OrderBy(scope => scope, StringComparer.Ordinal)
            .ToList();
    }

    private static JsonArray Array(IEnumerable<string> items)
    {
        var array = new JsonArray();
        foreach (string item in items) array.Add(item);
        return array;
    }
}
