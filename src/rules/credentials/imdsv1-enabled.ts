/**
 * IAM505 imdsv1-enabled. With IMDSv1 any process that can make the instance send one HTTP GET — a server-side
 * request forgery in a web app, a misconfigured proxy — can read the instance role's credentials from
 * `http://169.254.169.254/latest/meta-data/iam/security-credentials/`. IMDSv2 requires a session token
 * obtained with a PUT, which SSRF and most proxies cannot send. It is enforced only by
 * `http_tokens = "required"` (Terraform `metadata_options`) / `HttpTokens: required` (CloudFormation
 * `MetadataOptions`).
 *
 * When the setting is not written, EC2 decides at launch: `required` only if the AMI declares
 * `ImdsSupport: v2.0` and the account default does not say otherwise, else `optional` (EC2 API reference,
 * `HttpTokens`: "If the parameter is not specified in the request, the default state is optional" for AMIs
 * without that flag). Nothing in the code shows either, so an absent setting is reported too.
 *
 * Not reported: `http_endpoint = "disabled"` (no metadata service at all); an instance that takes its
 * settings from a launch template (`launch_template` / `LaunchTemplate`) and writes none of its own — the
 * template is judged; values that are not known statically. Judged resources: instances, launch templates
 * and (Auto Scaling) launch configurations, which carry the same setting.
 */

import { getEntry } from "../../iac/located.js";
import type { IacResource, LocatedValue } from "../../iac/types.js";
import { defineRule } from "../types.js";
import { headerLine, isCloudFormation, replaceLiteralFix, resourcesOfType, stringSetting } from "./settings.js";

const JUDGED_TYPES = [
  "aws_instance",
  "aws_launch_template",
  "aws_launch_configuration",
  "AWS::EC2::Instance",
  "AWS::EC2::LaunchTemplate",
  "AWS::AutoScaling::LaunchConfiguration",
];

export default defineRule({
  meta: {
    id: "IAM505",
    name: "imdsv1-enabled",
    severity: "warning",
    summary: "An EC2 instance or launch template does not require IMDSv2, so its role credentials are reachable by SSRF.",
    fixable: true,
    messages: {
      optional:
        "`{{written}}` keeps IMDSv1 on: a server-side request forgery in any application on the instance can read the role's credentials from the metadata service. Require session tokens (IMDSv2): `{{required}}`.",
      notSet:
        "`{{resource}}` does not require IMDSv2, so IMDSv1 stays on unless the AMI and the account default say otherwise: a server-side request forgery on the instance can read the role's credentials from the metadata service. Set `{{required}}`{{where}}.",
    },
  },
  check(context) {
    const { model } = context;
    for (const resource of resourcesOfType(model, ...JUDGED_TYPES)) {
      const cloudFormation = isCloudFormation(resource);
      const container = settingsContainer(resource);
      if (container?.kind !== "object") continue; // e.g. `LaunchTemplateData: !If […]`: not known statically
      const options = container.entries.find((entry) => entry.key === (cloudFormation ? "MetadataOptions" : "metadata_options"));
      if (!options && usesLaunchTemplate(resource)) continue;
      const settings = options?.value.kind === "array" ? options.value.items[0] : options?.value;
      if (options && settings?.kind !== "object") continue; // a whole block that is not known statically
      const endpoint = stringSetting(settings ? getEntry(settings, cloudFormation ? "HttpEndpoint" : "http_endpoint") : undefined);
      if (endpoint.state === "unknown" || (endpoint.state === "set" && endpoint.value.toLowerCase() === "disabled")) continue;
      const tokens = stringSetting(settings ? getEntry(settings, cloudFormation ? "HttpTokens" : "http_tokens") : undefined);
      const required = cloudFormation ? "HttpTokens: required" : 'http_tokens = "required"';
      if (tokens.state === "unknown" || (tokens.state === "set" && tokens.value.toLowerCase() === "required")) continue;
      if (tokens.state === "set") {
        const fix = replaceLiteralFix(model, tokens.at, tokens.value, "required");
        context.report({
          messageId: "optional",
          data: { written: cloudFormation ? `HttpTokens: ${tokens.value}` : `http_tokens = "${tokens.value}"`, required },
          at: tokens.at,
          resource: resource.address,
          identity: ["http_tokens", tokens.value],
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      const block = cloudFormation ? "MetadataOptions" : "metadata_options";
      context.report({
        messageId: "notSet",
        data: { resource: resource.address, required, where: options ? ` in \`${block}\`` : ` in a \`${block}\` ${cloudFormation ? "property" : "block"}` },
        at: options ? { ...options.keyAt, endLine: options.keyAt.startLine } : headerLine(resource),
        resource: resource.address,
        identity: ["http_tokens", "absent"],
      });
    }
  },
});

/** Where the metadata options are written: the resource itself, or a launch template's `LaunchTemplateData`. */
function settingsContainer(resource: IacResource): LocatedValue | undefined {
  return resource.type === "AWS::EC2::LaunchTemplate" ? getEntry(resource.attributes, "LaunchTemplateData") : resource.attributes;
}

function usesLaunchTemplate(resource: IacResource): boolean {
  const key: Record<string, string> = { aws_instance: "launch_template", "AWS::EC2::Instance": "LaunchTemplate" };
  const name = key[resource.type];
  return name !== undefined && isPresent(getEntry(resource.attributes, name));
}

function isPresent(value: LocatedValue | undefined): boolean {
  return value !== undefined && value.kind !== "absent" && value.kind !== "null";
}
