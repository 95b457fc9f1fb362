using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models.Auth;

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
        var auth = AuthJsonContext.Default;
        Inputs = new Dictionary<string, InputModel>(StringComparer.Ordinal)
        {
            ["expandScopes"] = InputModel.Of(auth.Scopeset, scopes => [("", scopes.ExtensionData)]),
        };
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            // ping has no output schema: its answer is plain JSON.
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["client"] = request => ServiceResponse.OkAsync(Describe(Find(request.Route("clientId"))), auth.GetClientResponse),
            ["listClients"] = request => ServiceResponse.OkAsync(ListClients(request), auth.ListClientsResponse),
            ["currentScopes"] = request => ServiceResponse.OkAsync(ScopeSet(request.Caller.Scopes), auth.Scopeset),
            ["expandScopes"] = request => ServiceResponse.OkAsync(ScopeSet(request.Input<Scopeset>().Scopes), auth.Scopeset),
        };
    }

    public string Name => "auth";

    public string PathPrefix => "/api/auth/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public IReadOnlyDictionary<string, InputModel> Inputs { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private ListClientsResponse ListClients(ServiceRequest request)
    {
        string prefix = request.QueryValue("prefix") ?? string.Empty;
        var matching = _context.Clients
            .Where(client => client.ClientId.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(client => client.ClientId, StringComparer.Ordinal);
        var page = Paging.Page(matching, client => client.ClientId, request, out var token);
        return new ListClientsResponse { Clients = page.Select(Describe).ToList(), ContinuationToken = token };
    }

    /// <summary>A client as get-client-response describes it; the access token is never part of it.</summary>
    private GetClientResponse Describe(LocalClient client)
    {
        var started = LocalContext.ToMilliseconds(_context.Now.AddSeconds(-_context.UptimeSeconds));
        return new GetClientResponse
        {
            ClientId = client.ClientId,
            Description = client == _context.RootClient ? "The stand-in's root client, made at start." : "A client given to the stand-in at start.",
            Expires = _context.Now.AddYears(1),
            Created = started,
            LastModified = started,
            LastDateUsed = started,
            LastRotated = started,
            Scopes = client.Scopes.ToList(),
            ExpandedScopes = Normalize(client.Scopes),
            Disabled = false,
            DeleteOnExpiration = false,
        };
    }

    private LocalClient Find(string clientId)
        => _context.Clients.FirstOrDefault(client => client.ClientId == clientId)
            ?? throw ServiceError.NotFound($"Client '{clientId}' does not exist.");

    private static Scopeset ScopeSet(IEnumerable<string> scopes) => new() { Scopes = Normalize(scopes) };

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
}
