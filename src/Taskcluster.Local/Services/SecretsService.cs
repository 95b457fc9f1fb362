using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models.Secrets;

namespace Taskcluster.Local;

/// <summary>Today's secrets service, in memory: named JSON objects with an expiry, guarded by the entries' scopes.</summary>
internal sealed class SecretsService : ILocalService
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, (JsonObject Secret, DateTimeOffset Expires)> _secrets = new(StringComparer.Ordinal);
    private readonly LocalContext _context;

    public SecretsService(LocalContext context)
    {
        _context = context;
        Entries = new Secrets(new ClientOptions { RootUrl = "http://localhost" }).Entries;
        var secrets = SecretsJsonContext.Default;
        Inputs = new Dictionary<string, InputModel>(StringComparer.Ordinal)
        {
            ["set"] = InputModel.Of(secrets.Secret, secret => [("", secret.ExtensionData)]),
        };
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            // ping, set and remove have no output schema: their answers are plain JSON.
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["set"] = request => ServiceResponse.JsonAsync(Set(request.Route("name"), request.Input<Secret>())),
            ["get"] = request => ServiceResponse.OkAsync(Get(request.Route("name")), secrets.Secret),
            ["remove"] = request => ServiceResponse.JsonAsync(Remove(request.Route("name"))),
            ["list"] = request => ServiceResponse.OkAsync(List(request), secrets.SecretList),
        };
    }

    public string Name => "secrets";

    public string PathPrefix => "/api/secrets/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public IReadOnlyDictionary<string, InputModel> Inputs { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private JsonObject Set(string name, Secret secret)
    {
        lock (_gate) _secrets[name] = ((JsonObject)secret.SecretValue.DeepClone(), LocalContext.ToMilliseconds(secret.Expires));
        return new JsonObject();
    }

    /// <summary>A secret and its expiry; an expired one is gone (410) even before it is cleaned up, as in TaskCluster.</summary>
    private Secret Get(string name)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var stored)) throw ServiceError.NotFound($"Secret '{name}' does not exist.");
            if (stored.Expires < _context.Now) throw ServiceError.Expired($"Secret '{name}' expired at {LocalContext.Iso(stored.Expires)}.");
            return new Secret { SecretValue = (JsonObject)stored.Secret.DeepClone(), Expires = stored.Expires };
        }
    }

    private JsonObject Remove(string name)
    {
        lock (_gate)
        {
            if (!_secrets.Remove(name)) throw ServiceError.NotFound($"Secret '{name}' does not exist.");
        }
        return new JsonObject();
    }

    /// <summary>The names of the secrets (not their values), expired ones included until removed, as TaskCluster lists them.</summary>
    private SecretList List(ServiceRequest request)
    {
        List<string> page;
        string? token;
        lock (_gate) page = Paging.Page(new List<string>(_secrets.Keys), name => name, request, out token);
        return new SecretList { Secrets = page, ContinuationToken = token };
    }
}
