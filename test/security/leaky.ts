// A Terraform file with AWS keys in every place they get echoed from: a provider block, a description, an
// action name (IAM003 repeats it), an ARN and a condition value.

/** Made up, real-shaped; and AWS's documentation example. */
export const SECRETS = ["AKIAQWERTYUIOPASDFGH", "AKIAIOSFODNN7EXAMPLE", "Xb9r2LmQ7tVz4Kp1Wc8Hn3Jd6Fs0Ga5Ye2Ru7Io9"];
const [KEY, EXAMPLE_KEY, SECRET_KEY] = SECRETS;

export const LEAKY_TF = `provider "aws" {
  region     = "eu-west-1"
  access_key = "${KEY}"
  secret_key = "${SECRET_KEY}"
}

resource "aws_iam_policy" "leaky" {
  name        = "leaky"
  description = "rotates ${EXAMPLE_KEY}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Rotate"
      Effect   = "Allow"
      Action   = ["s3:${KEY}", "iam:UpdateAccessKey"]
      Resource = "arn:aws:iam::111122223333:user/${EXAMPLE_KEY}"
      Condition = { StringEquals = { "aws:PrincipalTag/key" = "${SECRET_KEY}" } }
    }]
  })
}
`;
