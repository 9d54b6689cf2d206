"""Two BroadWorks trunk groups and the service provider's trunking capacity report,
through the pulumi-trunking provider plugin and its Python SDK (pulumi_trunking)."""
import pulumi
import pulumi_trunking as trunking

config = pulumi.Config()
service_provider_id = config.get("serviceProviderId") or "SP1"

# A trunk group with SIP authentication: its password is a secret in the state.
pbx_a = trunking.TrunkGroup(
    "pbxA",
    service_provider_id=service_provider_id,
    group_id="G1",
    name="PBX A",
    max_active_calls=20,
    require_authentication=True,
    sip_authentication_user_name="pbxa",
    sip_authentication_password=config.require_secret("pbxASipPassword"),
)

# A trunk group that forwards the calls above its limit.
sbc_edge = trunking.TrunkGroup(
    "sbcEdge",
    service_provider_id=service_provider_id,
    group_id="G2",
    name="SBC Edge",
    max_active_calls=15,
    capacity_exceeded_action=trunking.TrunkGroupCapacityExceededAction.FORWARD,
    capacity_exceeded_forward_address="+15551230000",
)

# The service provider's trunking capacity, read after both trunk groups are applied.
capacity = trunking.get_trunking_capacity_output(
    service_provider_id=service_provider_id,
    group_ids=["G1", "G2"],
    opts=pulumi.InvokeOutputOptions(depends_on=[pbx_a, sbc_edge]),
)

pulumi.export(
    "trunkGroups",
    [
        {"id": pbx_a.id, "maxActiveCalls": pbx_a.max_active_calls},
        {"id": sbc_edge.id, "maxActiveCalls": sbc_edge.max_active_calls},
    ],
)
pulumi.export("capacity", capacity)
