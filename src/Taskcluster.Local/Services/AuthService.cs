using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>The auth service over the stand-in's client table: inspect a client's scopes, fetch its credentials.</summary>
internal sealed class AuthService : ILocalService
{
    private readonly LocalContext _context;

    public AuthService(LocalContext context)
    {
        _context = context;
        Entries = new Auth(new ClientOptions { BaseUrl = "http://localhost/" }).Entries;
    }

    public string Name => "auth";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, System.Text.Json.Nodes.JsonNode? payload, IDictionary<string, string> parameters)
    {
    }

    public Task<ServiceResponse>? Handle(ServiceRequest request)
    {
        if (request.Entry.Name is not ("inspect" or "getCredentials")) return null;
        string clientId = request.Route("clientId");
        var client = Find(clientId);
        var scopes = new JsonArray();
        foreach (string scope in client.Scopes) scopes.Add(scope);
        var answer = new JsonObject
        {
            ["clientId"] = client.ClientId,
            ["scopes"] = scopes,
            ["expires"] = QueueService.Iso(_context.Now.AddYears(1)),
        };
        if (request.Entry.Name == "getCredentials") answer["accessToken"] = client.AccessToken;
        return Task.FromResult(ServiceResponse.Ok(answer));
    }

    private LocalClient Find(string clientId)
    {
        foreach (var client in _context.Clients)
        {
            if (client.ClientId == clientId) return client;
        }
        throw ServiceError.NotFound($"Client '{clientId}' does not exist.");
    }
}
