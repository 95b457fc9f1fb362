using System.Reflection;
using NUnit.Framework;

namespace Taskcluster.Generators.Tests.Emitting;

/// <summary>The runtime project consumes the generator; its assembly must carry the builtin clients.</summary>
public sealed class RuntimeClientsTests
{
    [TestCase(typeof(global::Taskcluster.Auth), 36)]
    [TestCase(typeof(global::Taskcluster.Queue), 49)]
    [TestCase(typeof(global::Taskcluster.Scheduler), 6)]
    [TestCase(typeof(global::Taskcluster.Index), 11)]
    [TestCase(typeof(global::Taskcluster.WorkerManager), 27)]
    [TestCase(typeof(global::Taskcluster.ObjectService), 9)]
    public void Each_api_client_has_one_url_method_per_function(Type client, int functions)
    {
        var urlMethods = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.EndsWith("Url", StringComparison.Ordinal) && !m.Name.EndsWith("SignedUrl", StringComparison.Ordinal));

        Assert.That(urlMethods.Count(), Is.EqualTo(functions));
        Assert.That(client.BaseType, Is.EqualTo(typeof(global::Taskcluster.ApiClient)));
    }

    [TestCase(typeof(global::Taskcluster.QueueEvents), 11)]
    [TestCase(typeof(global::Taskcluster.SchedulerEvents), 4)]
    [TestCase(typeof(global::Taskcluster.WorkerManagerEvents), 10)]
    public void Each_exchange_client_has_two_binding_overloads_per_exchange(Type client, int exchanges)
    {
        var bindings = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => typeof(global::Taskcluster.Binding).IsAssignableFrom(m.ReturnType));

        Assert.That(bindings.Count(), Is.EqualTo(exchanges * 2));
        Assert.That(client.BaseType, Is.EqualTo(typeof(global::Taskcluster.ExchangeClient)));
    }

    [Test]
    public void A_generated_binding_fills_the_constant_and_wildcards()
    {
        var binding = new global::Taskcluster.QueueEvents().TaskCompleted(taskId: "abc");

        Assert.That(binding.ToString(), Is.EqualTo("exchange/taskcluster-queue/v1/task-completed primary.abc.*.*.*.*.*.*.*.#"));
    }

    [Test]
    public void A_generated_url_method_percent_encodes_a_keyword_named_argument()
    {
        string url = new global::Taskcluster.Index(new global::Taskcluster.ClientOptions { RootUrl = "https://tc.example.com/" })
            .ListTasksUrl("a/b c", limit: 5);

        Assert.That(url, Is.EqualTo("https://tc.example.com/api/index/v1/tasks/a%2Fb%20c?limit=5"));
    }
}
