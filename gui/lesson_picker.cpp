#include "gui/lesson_picker.h"

#include "gui/language.h"
#include "gui/lesson_progress.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace k8slab::gui {

LessonPicker::LessonPicker(const std::vector<lesson::Lesson> &lessons, QWidget *parent)
    : QDialog(parent), m_lessons(lessons)
{
    setWindowTitle(tr("Lessons"));
    const std::string language = currentLanguage().toStdString();
    m_list = new QListWidget(this);
    m_summary = new QTextBrowser(this);
    for (const lesson::Lesson &lesson : lessons) {
        const QString id = QString::fromStdString(lesson.id);
        const int done = LessonProgress::completed(id).size();
        const int steps = static_cast<int>(lesson.steps.size());
        auto *item = new QListWidgetItem(
            QStringLiteral("%1. %2   (%3)")
                .arg(lesson.number)
                .arg(QString::fromStdString(lesson.title.text(language)))
                .arg(done >= steps ? tr("done") : tr("%1 of %2 steps").arg(done).arg(steps)),
            m_list);
        item->setData(Qt::UserRole, id);
    }
    connect(m_list, &QListWidget::currentRowChanged, this, [this, language](int row) {
        if (row < 0)
            return;
        const lesson::Lesson &lesson = m_lessons[static_cast<std::size_t>(row)];
        QString steps;
        for (std::size_t i = 0; i < lesson.steps.size(); ++i)
            steps += QStringLiteral("%1. %2\n").arg(i + 1).arg(QString::fromStdString(lesson.steps[i].title.text(language)));
        m_summary->setMarkdown(QStringLiteral("### %1\n\n%2\n\n%3")
                                   .arg(QString::fromStdString(lesson.title.text(language)),
                                        QString::fromStdString(lesson.summary.text(language)), steps));
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Start the lesson"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addWidget(m_summary, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    resize(900, 480);
    if (!lessons.empty())
        m_list->setCurrentRow(0);
}

QString LessonPicker::chosenId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace k8slab::gui
