import type { Messages } from './index';

/** Chinese (its review state: REVIEWS in index.ts). */
export const messages: Messages = {
  'app.title': 'Amanat — 安全报告',
  'app.tagline': '请告诉我们您或您的家人遭遇了什么。您的报告在发送前会在本设备上加密。',
  'language.label': '语言',
  'quickExit.button': '快速离开',
  'quickExit.hint': '连按两次 Esc 可立即离开此页面。',
  'safety.sharedDevice':
    '如果他人能看到或使用此设备，请使用无痕窗口，并在完成后关闭。我们不会在此设备上存储任何内容。',
  'directory.checking': '正在检查本组织的加密密钥…',
  'directory.ready': '加密已就绪：您发送的内容只有{recipients}能够阅读。',
  'directory.recipients': { other: '# 名经过审核的个案工作者' },
  'directory.demo': '这是演示版本。请不要在此发送真实报告。',
  'directory.error.title': '现在请不要在此发送任何内容。',
  'directory.error.directory_signature_invalid':
    '个案工作者密钥列表未经本组织签名。可能有人在干扰。',
  'directory.error.directory_wrong_organisation': '这些密钥并非来自本页面所属的组织。',
  'directory.error.directory_expired': '个案工作者密钥列表已过期。',
  'directory.error.directory_outdated':
    '个案工作者密钥列表比本页面接受的版本更旧。可能有人在干扰。',
  'directory.error.directory_malformed': '个案工作者密钥列表已损坏。',
  'directory.error.recipient_key_invalid': '其中一个个案工作者密钥无效。',
  'directory.error.network': '无法连接服务器。请检查网络连接后重试。',
  'directory.error.advice': '请通过您信任的其他渠道联系本组织。',

  'nav.label': '栏目',
  'nav.report': '提交报告',
  'nav.return': '我有回执码',
  'nav.protection': '我们能保护什么，不能保护什么',

  'form.title': '您的报告',
  'form.intro':
    '只有“发生了什么”这一题是必填的。您不想分享的内容都可以不填。我们绝不会询问您的姓名。',
  'form.incidentType.label': '这是什么类型的事件？',
  'form.incidentType.choose': '请选择一项',
  'form.incidentType.threats_through_relatives': '通过亲属进行的威胁或施压',
  'form.incidentType.coercion_to_inform': '被施压去告发或监视他人',
  'form.incidentType.online_harassment': '网络骚扰',
  'form.incidentType.surveillance': '被监视或被跟踪',
  'form.incidentType.pressure_to_return': '被施压要求回国',
  'form.incidentType.document_problems': '护照或证件问题',
  'form.incidentType.detention_or_deportation_risk': '有被拘留或被驱逐出境的风险',
  'form.incidentType.asylum_problems': '庇护程序中的问题',
  'form.incidentType.physical_intimidation': '人身恐吓',
  'form.incidentType.other': '其他情况',
  'form.when.placeholder': 'YYYY-MM（例如 2026-03）',
  'form.when.label': '事情是什么时候发生的？（填月份即可，大概时间也可以）',
  'form.country.label': '事情发生在哪个国家？',
  'form.country.choose': '请选择国家',
  'form.country.other': '其他国家',
  'form.city.label': '城市（选填）',
  'form.whatHappened.label': '发生了什么？',
  'form.whatHappened.hint': '请用您自己的话描述，可以使用任何语言。',
  'form.whatHappened.required': '发送前，请描述发生了什么。',
  'form.involved.label': '涉及哪些人或机构？（选填）',
  'form.involved.hint': '例如：警察、大使馆、联系过您的人。不需要写姓名。',
  'form.contactedBy.label': '谁联系过您或威胁过您？（选填）',
  'form.contactedBy.hint':
    '他们的电话号码、账号（微信、Telegram、WhatsApp、电子邮箱）或姓名，每行一个，按您所知填写。请勿填写您自己的：工作人员借此了解同一批人是否也联系过其他人。',
  'form.relatives.label': '您的亲属是否受到影响？',
  'form.relatives.yes': '是',
  'form.relatives.no': '否',
  'form.relatives.unsaid': '我不想说',
  'form.urgency.label': '是否有截止日期，例如驱逐出境或听证的日期？（选填）',
  'form.urgency.details': '这个截止日期与什么有关？（选填）',
  'form.contact.label': '我们应该如何联系您？',
  'form.contact.site': '只通过本网站，凭我的回执码联系（最安全）',
  'form.contact.other': '通过我选择的其他渠道',
  'form.contact.otherDetails': '哪个渠道？如何联系？请想一想还有谁可能看到。',
  'form.attachments.label': '文件：照片、文档、音频（选填）',
  'form.attachments.hint':
    '每个文件不超过 {maxFileMb} MB，总共不超过 {maxTotalMb} MB。文件在发送前会在本设备上加密。',
  'form.attachments.cleaned': '已删除这张照片中的隐藏信息：{removed}。',
  'form.attachments.nothingToClean': '这张照片已重新保存，不含任何隐藏信息。',
  'form.attachments.removed.location': '位置（GPS）',
  'form.attachments.removed.camera': '相机品牌和型号',
  'form.attachments.removed.date': '拍摄日期',
  'form.attachments.removed.other': '其他隐藏信息',
  'form.attachments.notCleanable':
    '此文件无法在这里清理。文件中可能含有隐藏信息，例如是谁制作的、在哪里制作的。',
  'form.attachments.tooLarge': '此文件超过 {maxFileMb} MB，无法发送。',
  'form.attachments.totalTooLarge': '这些文件合计超过 {maxTotalMb} MB。请在发送前移除一些文件。',
  'form.attachments.remove': '移除',
  'form.progress.encrypting': '正在加密文件…{percent}%',
  'form.progress.uploading': '正在发送文件…{percent}%',
  'form.attachments.failed': '部分文件未能发送。您的报告本身已经收到。',
  'form.attachments.retry': '重新尝试发送文件',
  'form.attachments.storageFull':
    '服务器暂时没有空间存放更多文件。您的报告和此前已发送的文件已经收到。请稍后再试。',
  'form.attachments.tooMany': '您的报告无法再添加更多文件。报告和此前已发送的文件已经收到。',
  'form.attachments.reportFull':
    '这些文件合计超过一份报告所能容纳的大小。您的报告和此前已发送的文件已经收到。',
  'form.consent.read': '我了解本组织经过审核的个案工作者会阅读这份报告。',
  'form.consent.statistics': '我的报告可以计入匿名统计（只有数字，不含任何能识别我身份的信息）。',
  'form.consent.required': '请确认个案工作者可以阅读您的报告。',
  'form.submit': '加密并发送',
  'form.sending': '正在加密并发送…',
  'form.failed': '您的报告未能发送：{reason}。没有任何可读的内容离开本设备。请重试。',
  'form.failed.network': '网络连接失败',
  'form.failed.refused': '服务器拒绝接收',
  'delivery.reason.offline': '无法连接到服务器。',
  'delivery.reason.unavailable': '服务器暂时无法接收任何内容。',
  'delivery.reason.busy': '服务器从您的网络收到了过多请求，要求我们稍候。',
  'delivery.waiting.report': {
    other: '您的报告已加密，只保存在本页面中；我们将在 # 秒后重试。请不要关闭本页面。',
  },
  'delivery.waiting.message': {
    other: '您补充的信息已加密，只保存在本页面中；我们将在 # 秒后重试。请不要关闭本页面。',
  },
  'delivery.waiting.files': {
    other: '尚未发送的文件只保存在本页面中；我们将在 # 秒后重试。请不要关闭本页面。',
  },
  'delivery.retrying': '正在重试…',
  'delivery.tryNow': '立即重试',

  'receipt.title': '您的报告已发送',
  'receipt.intro': '这是您的回执码。它只显示一次。凭它您可以回来查看回复、补充信息。',
  'receipt.keepSafe':
    '请把它放在别人找不到的地方：抄写下来或打印出来，然后藏好。任何拿到这个回执码的人都能看到对您报告的回复。',
  'receipt.print': '打印回执码',
  'receipt.lost': '如果您弄丢了它，我们无法找回。您随时可以发送新的报告。',
  'receipt.copy': '复制回执码',
  'receipt.copied': '回执码已复制。请把它粘贴到只有您能打开的安全位置。',
  'receipt.selected': '回执码已选中：请用您设备的复制命令复制它。',
  'receipt.leaveWarning': '在您确认已保存之前，离开本页时会先询问您。',
  'receipt.saved': '我已保存回执码',
  'receipt.savedConfirmed': '好的。回执码现已隐藏；本页打开期间您可以再次显示它。',
  'receipt.showAgain': '再次显示我的回执码',
  'receipt.hideAgain': '隐藏我的回执码',

  'return.title': '凭回执码返回',
  'return.label': '回执码',
  'return.submit': '打开',
  'return.notFound': '无法用这个回执码打开报告。请检查后稍后再试。',
  'return.status.label': '状态',
  'return.status.new': '已收到。个案工作者很快会查看。',
  'return.status.acknowledged': '个案工作者已看到您的报告。',
  'return.status.in_progress': '个案工作者正在处理您的报告。',
  'return.status.referred': '您的报告已转交给律师或合作组织。',
  'return.status.waiting_for_reporter': '我们正在等待您的回复。',
  'return.status.closed': '此个案已结案。',
  'return.thread.title': '消息',
  'return.thread.yours': '您写的',
  'return.thread.yoursSealed': '仅为个案工作者加密：此处无法显示。',
  'return.thread.files': '一同发送的文件：',
  'return.replies.none': '暂无回复。',
  'return.replies.unreadable': '有一条回复无法解密。',
  'return.replies.former': '来自本组织的一位前任个案工作者。',
  'return.replies.unverified':
    '收到一条无法确认来自本组织的消息，因此不予显示。请不要按照它在别处可能提出的任何要求行事。',

  'return.followUp.label': '补充信息',
  'return.followUp.send': '发送',
  'return.followUp.sent': '已发送。个案工作者会与您的报告一起看到。',
  'return.followUp.empty': '请先写点内容或选择一个文件再发送。',
  'noscript.explanation':
    '本页面需要 JavaScript 才能在您的设备上加密报告。没有它，我们无法保护您所写的内容。',
  'noscript.channels': '联系我们的其他方式',
  'protection.title': '我们能保护什么，不能保护什么',
  'protection.can':
    '您的报告在本设备上加密。我们的服务器只保存加密后的文本；我们不保存您的 IP 地址、浏览器信息，也不保存您写报告的时间。',
  'protection.cannot':
    '如果此设备被监视、感染了恶意软件，或在解锁状态下被人拿走，或者有人看到了您的回执码，我们就无法保护您。请使用您信任的设备和网络，完成后请关闭此窗口。',
  // The answers of the no-JavaScript form (client/reporter/no-js-pages.ts).
  'noJs.tradeOff.title': '不使用 JavaScript 发送',
  'noJs.tradeOff.text':
    '关闭 JavaScript 时，您的报告不是在本设备上加密，而是在我们的服务器上加密：服务器在为个案工作者加密的那一刻会在内存中看到您写的内容，之后只保存加密后的报告。如果可以，请开启 JavaScript（在 Tor Browser 中选择“Safer”级别），这样您的报告会在离开本设备之前加密。',
  'noJs.receipt.writeDown':
    '请现在就把这个回执码原样抄下来。我们的服务器没有保存它，您离开此页面后，任何人都无法替您查到它。凭它您可以回来查看状态；开启 JavaScript 后还可以阅读回复、补充信息。',
  'noJs.receipt.howItDiffered':
    '由于 JavaScript 已关闭，您的报告是在我们的服务器上而不是在您的设备上加密的：服务器在加密时短暂地在内存中看到了其文本，并生成了您的回执码。它两者都没有保存，只保存了加密后的报告。',
  'noJs.receipt.storedOnce':
    '再次提交此表单（例如重新加载此页面）不会再次发送您的报告：它已凭此回执码保存一次。',
  'noJs.receipt.alreadyStored':
    '此表单之前已提交：您的报告当时已保存一次，这次没有再发送任何内容。回执码如下。如需发送另一份报告，请重新打开表单。',
  'noJs.status.title': '您的报告的状态',
  'noJs.status.receiptSent':
    '为了查询，您的回执码已发送到我们的服务器，服务器仅将其用于此次查询，没有保存。只有在开启 JavaScript 时才能阅读回复，那时您的回执码不会离开您的设备。',
  'noJs.refused.title': '您的报告未发送',
  'noJs.receipt.monthDropped':
    '您填写的月份不是 YYYY-MM 格式（例如 2026-03），因此报告保存时没有月份。您写的其他内容都已保存。',
  'noJs.refused.tooMany':
    '您的连接在短时间内发送了太多表单。没有保存任何内容。请稍等片刻，然后重新加载此页面以再次发送表单。',
  'noJs.refused.busy':
    '服务器现在无法接收表单。没有保存任何内容。请等几分钟，然后重新加载此页面以再次发送表单。',
  'noJs.refused.unreadable':
    '无法把此表单识别为本网站页面上的表单，因此没有保存任何内容。请重新打开页面，在那里填写表单。',
  'noJs.refused.tooLarge':
    '报告超过了本网站单个表单可接收的长度，因此没有保存任何内容。请写一份较短的报告；开启 JavaScript 后，您可以稍后补充其余内容。',
  'noJs.refused.failed':
    '我们这边出了问题。请重新加载此页面以再次发送表单：已保存的报告不会被保存第二次。',
  'noJs.back': '返回页面',
};
