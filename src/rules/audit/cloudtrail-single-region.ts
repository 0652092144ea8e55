/**
 * IAM601 cloudtrail-single-region. A single-region trail records API activity in its own region only
 * (and global-service events only if it is in us-east-1): an attacker who works in a region nobody uses —
 * launching instances for mining, creating resources to hide in — leaves no trail. Terraform's
 * `is_multi_region_trail` and CloudFormation's `IsMultiRegionTrail` both default to false, so a trail that
 * does not say so is single-region. A value that is not known statically (`var.multi_region`, an `Fn::If`
 * whose branches differ) is not judged.
 */

import { defineRule } from "../types.js";
import { checkTrailFlag } from "./trails.js";

export default defineRule({
  meta: {
    id: "IAM601",
    name: "cloudtrail-single-region",
    severity: "warning",
    summary: "A CloudTrail trail records one region only.",
    fixable: true,
    messages: {
      off: "`{{setting}}` is false: the trail records API calls in its own region only, so activity in every other region (new instances, keys, roles) goes unrecorded. Set it to true.",
      default:
        "`{{resource}}` does not set `{{setting}}`, which defaults to false: the trail records API calls in its own region only, so activity in every other region goes unrecorded. Add `{{setting}}{{assign}}true`.",
    },
  },
  check(context) {
    checkTrailFlag(context, "multiRegion");
  },
});
