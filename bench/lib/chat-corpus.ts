/**
 * Generated customer-service chat text for the search benches: mostly Chinese (common service
 * words of skewed frequency plus filler characters) with some English, from a deterministic
 * xorshift generator so runs are comparable.
 */
export const WORDS = [
  "您好", "请问", "谢谢", "信用卡", "年费", "账户", "转账", "密码", "验证码", "手机银行", "网点", "营业时间", "贷款", "利率", "理财产品",
  "社保", "公积金", "提取", "办理", "材料", "身份证", "户口本", "预约", "退款", "订单", "发票", "快递", "物流", "地址", "修改",
  "投诉", "建议", "客服", "人工", "排队", "等待", "处理", "进度", "审核", "通过", "失败", "原因", "额度", "临时额度", "分期",
  "还款", "逾期", "征信", "挂失", "冻结", "解冻", "开户", "销户", "手续费", "汇率", "外汇", "存款", "定期", "活期", "利息",
  "电子税务局", "个人所得税", "专项附加扣除", "不动产登记", "营业执照", "统一社会信用代码", "医保报销", "异地就医", "养老保险",
];
export const FILLER = "的了是我你他在有这个们来到时大地为子中说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感";
export const ENGLISH = ["account", "refund", "password", "invoice", "balance", "transfer", "branch", "loan"];

export function chatCorpus(initialSeed: number) {
  let seed = initialSeed;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const pick = <T>(a: readonly T[], skew = 1) => a[Math.floor(Math.pow(rand(), skew) * a.length)];
  function message(): string {
    const parts: string[] = [];
    const n = 2 + Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) {
      const r = rand();
      if (r < 0.55) parts.push(pick(WORDS, 1.6));
      else if (r < 0.95) parts.push(FILLER[Math.floor(Math.pow(rand(), 2.2) * FILLER.length)] + FILLER[Math.floor(rand() * FILLER.length)]);
      else parts.push(` ${pick(ENGLISH)} `);
    }
    return parts.join(rand() < 0.3 ? "，" : "") + (rand() < 0.5 ? "？" : "。");
  }
  return { rand, pick, message };
}
