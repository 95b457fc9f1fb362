using System.Reflection;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting;

/// <summary>Every generated client comes with an interface a user's test can fake.</summary>
public sealed class InterfaceTests
{
    /// <summary>The generated clients compiled into the runtime (the run-time Dynamic* clients are not generated).</summary>
    private static Type[] BuiltinClients()
        => typeof(global::Taskcluster.ApiClient).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && (t.BaseType == typeof(global::Taskcluster.ApiClient) || t.BaseType == typeof(global::Taskcluster.ExchangeClient)))
            .Where(t => t.Namespace == "Taskcluster" && !t.Name.StartsWith("Dynamic", StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

    [Test]
    public void Every_builtin_client_implements_its_interface_with_every_public_method()
    {
        var clients = BuiltinClients();
        Assert.That(clients.Select(c => c.Name), Is.SupersetOf(new[] { "Queue", "QueueEvents", "Index", "ObjectService", "Auth" }));

        foreach (var client in clients)
        {
            var contract = client.Assembly.GetType(client.Namespace + ".I" + client.Name);
            Assert.That(contract, Is.Not.Null, "no interface for " + client.Name);
            Assert.That(contract!.IsInterface && contract.IsAssignableFrom(client), Is.True, client.Name + " does not implement " + contract.Name);

            // Every public method the class declares (generated or hand-written, like Queue's downloads) is reachable
            // through the interface, so a fake of the interface can stand in for any use of the client.
            var implemented = new HashSet<MethodInfo>(client.GetInterfaceMap(contract).TargetMethods);
            var missing = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !implemented.Contains(m))
                .Select(m => m.Name)
                .ToList();
            Assert.That(missing, Is.Empty, client.Name + " has public methods its interface lacks");
        }
    }

    [Test]
    public void Every_builtin_client_has_a_fake_base_whose_members_are_virtual_and_throw_until_overridden()
    {
        foreach (var client in BuiltinClients())
        {
            var contract = client.Assembly.GetType(client.Namespace + ".I" + client.Name)!;
            var fake = client.Assembly.GetType("Taskcluster.Testing.Fake" + client.Name + "Base");
            Assert.That(fake, Is.Not.Null, "no fake base for " + client.Name);
            Assert.That(fake!.IsAbstract && contract.IsAssignableFrom(fake), Is.True, fake.Name);
            Assert.That(fake.GetInterfaceMap(contract).TargetMethods.Where(m => !m.IsVirtual || m.IsFinal).Select(m => m.Name), Is.Empty, fake.Name);
        }
    }

    private sealed class StatusOnlyQueue : global::Taskcluster.Testing.FakeQueueBase
    {
        public override string TaskUrl(string taskId) => "faked " + taskId;
    }

    [Test]
    public void A_fake_derived_from_the_base_answers_what_it_overrides_and_names_what_it_does_not()
    {
        global::Taskcluster.IQueue queue = new StatusOnlyQueue();

        Assert.That(queue.TaskUrl("t1"), Is.EqualTo("faked t1"));
        var thrown = Assert.Throws<NotImplementedException>(() => queue.StatusAsync("t1"));
        Assert.That(thrown!.Message, Does.Contain("FakeQueueBase.StatusAsync"));
        Assert.Throws<NotImplementedException>(() => queue.DownloadArtifactAsync("t1", "0", "a", System.IO.Stream.Null));
    }

    [Test]
    public void Queue_interface_has_typed_calls_pages_items_urls_and_signed_urls()
    {
        var names = typeof(global::Taskcluster.IQueue).GetMethods().Select(m => m.Name + (m.IsGenericMethod ? "<T>" : "")).ToList();

        Assert.That(names, Is.SupersetOf(new[]
        {
            "TaskAsync", "ListTaskGroupPagesAsync", "ListTaskGroupItemsAsync", "TaskUrl", "TaskSignedUrl", "CreateTaskAsync", "DownloadArtifactAsync",
        }));
        // Typed entries have no generic overload: the model is the result type.
        Assert.That(names, Has.None.EqualTo("TaskAsync<T>"));
        Assert.That(typeof(global::Taskcluster.IQueue).GetMethod("StatusAsync")!.ReturnType,
            Is.EqualTo(typeof(System.Threading.Tasks.Task<global::Taskcluster.Models.Queue.TaskStatusResponse>)));
    }

    private const string ShopReference = """
        {
          "serviceName": "shop", "apiVersion": "v1", "title": "Shop",
          "entries": [
            { "type": "function", "name": "item", "method": "get", "route": "/items/<itemId>", "args": ["itemId"],
              "output": "https://x/item.json#", "query": ["continuationToken", "limit"] },
            { "type": "function", "name": "order", "method": "post", "route": "/orders", "args": [], "input": "https://x/order.json#" }
          ]
        }
        """;

    private const string ShopEventsReference = """
        {
          "exchangePrefix": "exchange/shop/v1/", "title": "Shop events",
          "entries": [
            { "type": "topic-exchange", "name": "ordered", "exchange": "ordered", "title": "Ordered",
              "routingKey": [ { "name": "routingKeyKind", "summary": "", "constant": "primary" }, { "name": "itemId", "summary": "The item." } ] }
          ]
        }
        """;

    [Test]
    public void A_consumers_clients_get_interfaces_that_a_hand_written_fake_implements_with_no_warnings()
    {
        var result = GeneratorRunner.Run(TestFile.Reference("/refs/shop.json", ShopReference), TestFile.Reference("/refs/shop-events.json", ShopEventsReference));
        Assert.That(result.Diagnostics, Is.Empty);
        string shop = GeneratorRunner.Source(result, "Shop.g.cs");
        string shopEvents = GeneratorRunner.Source(result, "ShopEvents.g.cs");
        Assert.That(shop, Does.Contain("public sealed partial class Shop : global::Taskcluster.ApiClient, global::Taskcluster.IShop"));
        Assert.That(shopEvents, Does.Contain("public sealed partial class ShopEvents : global::Taskcluster.ExchangeClient, global::Taskcluster.IShopEvents"));

        const string fake = """
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Consumer;

            /// <summary>A fake of every member, as a user's test would write it.</summary>
            public sealed class FakeShop : Taskcluster.IShop
            {
                /// <inheritdoc/>
                public Task<JsonElement> ItemAsync(string itemId, string? continuationToken = null, int? limit = null, CancellationToken cancellationToken = default)
                    => Task.FromResult(JsonDocument.Parse("{}").RootElement);

                /// <inheritdoc/>
                public Task<TResult> ItemAsync<TResult>(string itemId, string? continuationToken = null, int? limit = null, CancellationToken cancellationToken = default)
                    => throw new System.NotImplementedException();

                /// <inheritdoc/>
                public System.Collections.Generic.IAsyncEnumerable<JsonElement> ItemPagesAsync(string itemId, int? limit = null, CancellationToken cancellationToken = default)
                    => throw new System.NotImplementedException();

                /// <inheritdoc/>
                public string ItemUrl(string itemId, string? continuationToken = null, int? limit = null) => "u";

                /// <inheritdoc/>
                public string ItemSignedUrl(string itemId, string? continuationToken = null, int? limit = null, System.TimeSpan? expiration = null) => "s";

                /// <inheritdoc/>
                public Task OrderAsync(object payload, CancellationToken cancellationToken = default) => Task.CompletedTask;

                /// <inheritdoc/>
                public string OrderUrl() => "o";
            }

            /// <summary>A fake from the generated base: only what the test needs.</summary>
            public sealed class OrderOnlyShop : Taskcluster.Testing.FakeShopBase
            {
                /// <summary>How many orders were placed.</summary>
                public int Orders { get; private set; }

                /// <inheritdoc/>
                public override Task OrderAsync(object payload, CancellationToken cancellationToken = default)
                {
                    Orders++;
                    return Task.CompletedTask;
                }
            }

            /// <summary>Code under test takes the interfaces.</summary>
            public static class Uses
            {
                /// <summary>Calls through the interfaces.</summary>
                public static async Task<string> RunAsync(Taskcluster.IShop shop, Taskcluster.IShopEvents events)
                {
                    await shop.OrderAsync(new { item = "a" });
                    return (await shop.ItemAsync("a")).ToString() + events.Ordered(itemId: "a");
                }

                /// <summary>The real clients are the interfaces too.</summary>
                public static Task<string> RealAsync()
                    => RunAsync(new Taskcluster.Shop(new Taskcluster.ClientOptions { RootUrl = "https://tc.example" }), new Taskcluster.ShopEvents());
            }
            """;

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, shop, shopEvents, fake);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void A_class_named_like_another_clients_interface_is_TCGEN025_and_that_client_goes_without_an_interface()
    {
        const string reference = "{\"baseUrl\": \"https://svc.example/v1\", \"entries\": [{\"type\": \"function\", \"name\": \"ping\", \"method\": \"get\", \"route\": \"/ping\", \"args\": []}]}";

        var result = GeneratorRunner.Run(TestFile.Reference("/refs/svc.json", reference), TestFile.Reference("/refs/other.json", reference, className: "ISvc"));

        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "TCGEN025" }), string.Join("\n", result.Diagnostics));
        var diagnostic = result.Diagnostics[0];
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("/refs/svc.json"));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'ISvc'").And.Contain("/refs/other.json"));
        string svc = GeneratorRunner.Source(result, "Svc.g.cs");
        string isvc = GeneratorRunner.Source(result, "ISvc.g.cs");
        Assert.That(svc, Does.Contain("public sealed partial class Svc : global::Taskcluster.ApiClient\n"));
        Assert.That(svc, Does.Not.Contain("interface"));
        Assert.That(isvc, Does.Contain("public partial interface IISvc"));

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, svc, isvc);
        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }
}
