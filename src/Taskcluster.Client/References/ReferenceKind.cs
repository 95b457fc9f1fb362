namespace Taskcluster;

/// <summary>What a TaskCluster reference describes, which decides the kind of client it makes.</summary>
public enum ReferenceKind
{
    /// <summary>HTTP API end-points (the reference has a <c>baseUrl</c> and <c>function</c> entries).</summary>
    Api,

    /// <summary>AMQP topic exchanges (the reference has an <c>exchangePrefix</c> and <c>topic-exchange</c> entries).</summary>
    Exchanges,
}
